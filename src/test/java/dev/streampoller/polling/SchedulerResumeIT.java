package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.db.DataSources;
import dev.streampoller.testing.ForwardingDataSource;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.testing.TcpGate;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a database outage, Quartz runs the jobs again within about {@link
 * JobScheduler#DB_RETRY_INTERVAL} of the database's return. The database is cut just after Quartz's
 * scheduler thread failed to get a connection: that thread then sleeps its retry interval, so the
 * gap shows that interval (15 s, Quartz's default, when the setting is not in effect).
 */
@ExtendWith(PostgresExtension.class)
class SchedulerResumeIT {
  private static final String NAME = "resume-test";

  /** Generous for a loaded two-core machine; the default 15 s retry interval cannot meet it. */
  private static final Duration RESUME_BOUND = Duration.ofSeconds(8);

  @Test
  void shouldRunTheJobsAgainWithinSecondsOfTheDatabaseReturning() {
    URI target = URI.create(PostgresExtension.jdbcUrl().substring("jdbc:".length()));
    String url = PostgresExtension.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:%d/");
    AtomicLong lastRun = new AtomicLong();
    try (TcpGate database = TcpGate.to(target.getHost(), target.getPort());
        HikariDataSource pool =
            DataSources.createForDaemon(
                ConfigLoader.builder(NAME)
                    .set("cloudflare.account-id", "acc1")
                    .set("cloudflare.api-token", "unused")
                    .set("database.url", String.format(url, database.port()))
                    .build()
                    .database(),
                NAME)) {
      FailureWitness witness = new FailureWitness(pool);
      JobScheduler scheduler =
          JobScheduler.start(
              witness,
              new JobScheduler.Settings(
                  NAME,
                  NAME + "-1",
                  2,
                  Duration.ofMillis(200),
                  Duration.ofHours(1),
                  JobScheduler.STALLED_AFTER),
              new JobScheduler.Round(
                  () -> {
                    lastRun.set(System.nanoTime());
                    return 0;
                  },
                  1),
              Optional.empty());
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> lastRun.get() != 0);

        database.refuse();
        long cut = System.nanoTime();
        // The scheduler thread's wait for a connection times out: it now sleeps before retrying.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> witness.failedAfter(cut, NAME + "_QuartzSchedulerThread"));
        database.open();
        long back = System.nanoTime();

        await().atMost(Duration.ofSeconds(40)).until(() -> lastRun.get() > back);
        Duration resumed = Duration.ofNanos(lastRun.get() - back);
        System.out.printf(
            "the poll job ran again %d ms after the database came back%n", resumed.toMillis());
        assertThat(resumed).isLessThan(RESUME_BOUND);
      } finally {
        scheduler.close(Duration.ofSeconds(5));
      }
    }
  }

  /** The daemon's pool as Quartz uses it, noting which threads failed to get a connection. */
  private static final class FailureWitness extends ForwardingDataSource {
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

    FailureWitness(DataSource pool) {
      super(pool);
    }

    private record Failure(long at, String thread) {}

    boolean failedAfter(long since, String thread) {
      return failures.stream().anyMatch(f -> f.at() > since && f.thread().equals(thread));
    }

    @Override
    public Connection getConnection() throws SQLException {
      try {
        return target.getConnection();
      } catch (SQLException e) {
        failures.add(new Failure(System.nanoTime(), Thread.currentThread().getName()));
        throw e;
      }
    }
  }
}
