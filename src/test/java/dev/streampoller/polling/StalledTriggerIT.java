package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A recurring trigger left {@code ACQUIRED} (as a database outage does when Quartz's acquisition
 * committed but its answer was lost) never fires again by itself: seen in the fault suite as
 * webhooks pending for 90 s after a PostgreSQL crash. The trigger watch stores it anew once its job
 * has stalled. Without the watch this test times out.
 */
@ExtendWith(PostgresExtension.class)
class StalledTriggerIT {
  private static final Duration EVERY = Duration.ofMillis(100);
  private static final Duration STALLED_AFTER = Duration.ofSeconds(2);

  @Test
  void shouldStoreAnewATriggerLeftAcquiredAndRunItsJobAgain(DataSource dataSource)
      throws Exception {
    AtomicInteger deliveryRuns = new AtomicInteger();
    JobScheduler scheduler =
        JobScheduler.start(
            dataSource,
            new JobScheduler.Settings(
                "stalled-test", "stalled-test-1", 2, Duration.ofHours(1), EVERY, STALLED_AFTER),
            new JobScheduler.Round(() -> 0, 1),
            Optional.of(new JobScheduler.Round(deliveryRuns::incrementAndGet, 1000)));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> deliveryRuns.get() > 0);

      // What the outage leaves behind: the trigger ACQUIRED, no instance fires it any more.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> markAcquired(dataSource) == 1);
      int before = deliveryRuns.get();

      // A run already fired may still start (one); more means the trigger fires again.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(deliveryRuns.get()).isGreaterThan(before + 2));
    } finally {
      scheduler.close(Duration.ofSeconds(10));
    }
  }

  /** Leaves the delivery trigger ACQUIRED if it is WAITING now; returns the rows changed. */
  private static int markAcquired(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      return s.executeUpdate(
          "UPDATE qrtz_triggers SET trigger_state = 'ACQUIRED'"
              + " WHERE sched_name = 'stalled-test' AND trigger_name = 'deliver-webhooks'"
              + " AND trigger_state = 'WAITING'");
    }
  }
}
