package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Closing the scheduler waits for running jobs, but never longer than its grace. */
@ExtendWith(PostgresExtension.class)
class SchedulerStopIT {
  private static final JobScheduler.Settings SETTINGS =
      new JobScheduler.Settings(
          "stop-test",
          "stop-test-1",
          2,
          Duration.ofHours(1),
          Duration.ofHours(1),
          JobScheduler.STALLED_AFTER);

  @Test
  void shouldAbandonAJobThatOutlivesTheGraceAndReturnFalse(DataSource dataSource) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JobScheduler scheduler = startWithBlockingPoll(dataSource, started, release);
    try {
      scheduler.triggerPoll();
      assertThat(started.await(30, TimeUnit.SECONDS)).as("the poll job started").isTrue();

      long start = System.nanoTime();
      boolean finished = scheduler.close(Duration.ofMillis(500));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.printf("close with a stuck job took %d ms%n", took.toMillis());
      assertThat(finished).isFalse();
      assertThat(took).isLessThan(Duration.ofSeconds(15));
      assertThat(scheduler.isRunning()).isFalse();
    } finally {
      release.countDown();
    }
  }

  @Test
  void shouldWaitForARunningJobThatFinishesWithinTheGrace(DataSource dataSource) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    JobScheduler scheduler = startWithBlockingPoll(dataSource, started, release);
    scheduler.triggerPoll();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    Thread releaser =
        new Thread(
            () -> {
              await()
                  .pollDelay(Duration.ofMillis(300))
                  .atMost(Duration.ofSeconds(1))
                  .until(() -> true);
              release.countDown();
            });
    releaser.start();

    assertThat(scheduler.close(Duration.ofSeconds(30))).isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A scheduler whose poll job signals {@code started}, then waits for {@code release}. */
  private static JobScheduler startWithBlockingPoll(
      DataSource dataSource, CountDownLatch started, CountDownLatch release) {
    return JobScheduler.start(
        dataSource,
        SETTINGS,
        new JobScheduler.Round(
            () -> {
              started.countDown();
              awaitQuietly(release);
              return 0;
            },
            1),
        Optional.empty());
  }
}
