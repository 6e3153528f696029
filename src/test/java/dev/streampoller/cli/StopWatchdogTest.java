package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The last resort of a stop: exits past its deadline, naming what it abandons; else nothing. */
class StopWatchdogTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final Thread stuck =
      new Thread(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          "quartz-stuck-worker");

  @AfterEach
  void releaseStuckThread() {
    release.countDown();
  }

  @Test
  void shouldExitOnceTheDeadlinePassesWithoutTheStopFinishing() {
    AtomicInteger exits = new AtomicInteger();

    StopWatchdog.arm(Duration.ofMillis(200), Thread::getAllStackTraces, exits::incrementAndGet);

    await().atMost(Duration.ofSeconds(10)).until(() -> exits.get() == 1);
  }

  @Test
  void shouldNotExitWhenDisarmedBeforeTheDeadline() {
    AtomicInteger exits = new AtomicInteger();

    StopWatchdog.arm(Duration.ofMillis(300), Thread::getAllStackTraces, exits::incrementAndGet)
        .disarm();

    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(5))
        .until(() -> exits.get() == 0);
  }

  @Test
  void shouldNameEachAbandonedThreadWithWhatItIsWaitingOn() {
    stuck.setDaemon(true);
    stuck.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> stuck.getState() == Thread.State.WAITING);

    String text = StopWatchdog.describe(Thread.getAllStackTraces(), Thread.currentThread());

    assertThat(text)
        .contains("quartz-stuck-worker (WAITING) at ")
        .contains("StopWatchdogTest")
        .doesNotContain("Reference Handler");
  }
}
