package dev.streampoller.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort of a stop: if the orderly stop has not finished by the deadline (a database call
 * or a peer that outlives every timeout), logs each thread still running, what it is doing and that
 * it is abandoned, then runs {@code exit}. Nothing is lost by it: every claim held by abandoned
 * work expires after its lease and is polled or sent again. One daemon thread, armed by {@link
 * #arm} and stood down by {@link #disarm()}.
 */
final class StopWatchdog {
  private static final Logger LOG = LoggerFactory.getLogger(StopWatchdog.class);

  /** JVM housekeeping threads: never the reason a stop hangs. */
  private static final Set<String> JVM_THREADS =
      Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Common-Cleaner",
          "Notification Thread",
          "Attach Listener",
          "DestroyJavaVM");

  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread thread;

  private StopWatchdog(
      Duration deadline, Supplier<Map<Thread, StackTraceElement[]>> threads, Runnable exit) {
    this.thread =
        new Thread(
            () -> {
              if (!awaitDone(deadline)) {
                LOG.warn(
                    "The stop did not finish within {}; exiting anyway. Abandoned (their claims"
                        + " come back after poll.lease / webhook.lease):{}",
                    deadline,
                    describe(threads.get(), Thread.currentThread()));
                exit.run();
              }
            },
            "stop-watchdog");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching: {@code exit} runs unless {@link #disarm()} is called within {@code deadline}.
   */
  static StopWatchdog arm(
      Duration deadline, Supplier<Map<Thread, StackTraceElement[]>> threads, Runnable exit) {
    StopWatchdog watchdog = new StopWatchdog(deadline, threads, exit);
    watchdog.thread.start();
    return watchdog;
  }

  /** The stop finished: stand down. */
  void disarm() {
    done.countDown();
  }

  private boolean awaitDone(Duration deadline) {
    try {
      return done.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** One line per application thread: name, state and the frame it is in. */
  static String describe(Map<Thread, StackTraceElement[]> threads, Thread self) {
    List<Map.Entry<Thread, StackTraceElement[]>> shown =
        threads.entrySet().stream()
            .filter(e -> e.getKey() != self && !JVM_THREADS.contains(e.getKey().getName()))
            .sorted(Comparator.comparing(e -> e.getKey().getName()))
            .toList();
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Thread, StackTraceElement[]> entry : shown) {
      text.append("\n  ")
          .append(entry.getKey().getName())
          .append(" (")
          .append(entry.getKey().getState())
          .append(") at ")
          .append(where(entry.getValue()));
    }
    return text.toString();
  }

  /** The innermost frame of our own code, else the innermost frame. */
  private static String where(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return "(no stack)";
    }
    return Arrays.stream(stack)
        .filter(frame -> frame.getClassName().startsWith("dev.streampoller."))
        .findFirst()
        .map(frame -> frame == stack[0] ? frame.toString() : stack[0] + " in " + frame)
        .orElse(stack[0].toString());
  }
}
