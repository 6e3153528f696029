package dev.streampoller.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs competing tasks at the same time: each on its own thread, all released together by a
 * barrier, so their transactions really overlap on the database. Reusable for many rounds; every
 * wait is bounded ({@link #BOUND}), so a task that hangs (a lock never released) fails the test
 * instead of stalling the build.
 */
public final class Race implements AutoCloseable {
  /** The longest a round may take: far above what any round needs on a loaded machine. */
  public static final Duration BOUND = Duration.ofSeconds(60);

  private final int threads;
  private final ExecutorService executor;

  public Race(int threads) {
    if (threads < 2) {
      throw new IllegalArgumentException("a race needs at least 2 threads, was " + threads);
    }
    this.threads = threads;
    AtomicInteger count = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "race-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs the tasks, released together, and returns their results in the order given. */
  public <T> List<T> run(List<Callable<T>> tasks) {
    if (tasks.size() < 2 || tasks.size() > threads) {
      throw new IllegalArgumentException(
          "a round runs 2 to " + threads + " tasks, was " + tasks.size());
    }
    CyclicBarrier start = new CyclicBarrier(tasks.size());
    List<Future<T>> running = new ArrayList<>();
    for (Callable<T> task : tasks) {
      running.add(
          executor.submit(
              () -> {
                start.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                return task.call();
              }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> result : running) {
      results.add(await(result));
    }
    return results;
  }

  private static <T> T await(Future<T> result) {
    try {
      return result.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a racing task", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a racing task failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("a racing task did not finish within " + BOUND, e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
