package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.testing.TcpGate;
import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NOTIFY listener is the daemon's witness of the database's return: when its connection is cut
 * and the database comes back, it listens again within a few seconds and wakes the jobs once, since
 * notifications sent meanwhile are lost. Time to the wake-up is printed.
 */
@ExtendWith(PostgresExtension.class)
class ReconnectWakeIT {

  @Test
  void shouldWakeTheJobsOnceListeningAgainAfterTheDatabaseReturns() {
    URI target = URI.create(PostgresExtension.jdbcUrl().substring("jdbc:".length()));
    String url = PostgresExtension.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:%d/");
    AtomicInteger tracked = new AtomicInteger();
    AtomicInteger reconnected = new AtomicInteger();
    try (TcpGate database = TcpGate.to(target.getHost(), target.getPort());
        TrackNotificationListener listener =
            new TrackNotificationListener(
                    () -> DriverManager.getConnection(String.format(url, database.port())),
                    tracked::incrementAndGet,
                    reconnected::incrementAndGet)
                .start()) {
      assertThat(listener.awaitListening(Duration.ofSeconds(10))).isTrue();
      assertThat(reconnected.get()).isZero();

      database.refuse();
      // Down for a while: several reconnection attempts fail.
      await()
          .pollDelay(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> reconnected.get() == 0);
      database.open();
      long back = System.nanoTime();

      await().atMost(Duration.ofSeconds(10)).until(() -> reconnected.get() == 1);
      System.out.printf(
          "listener woke the jobs %d ms after the database came back%n",
          Duration.ofNanos(System.nanoTime() - back).toMillis());
      assertThat(tracked.get()).as("no video was tracked").isZero();
    }
  }
}
