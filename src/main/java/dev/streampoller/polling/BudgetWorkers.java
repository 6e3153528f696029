package dev.streampoller.polling;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a {@link PollCycle} round polls its budgets on: each budget's batch is a task, so
 * many accounts, each with its own budget, are polled at once instead of one request and its
 * transactions after another. One budget runs on one thread at a time per instance (rounds overlap
 * when the poll job runs on several threads): two would only queue on the budget row's lock.
 * Thread-safe.
 */
final class BudgetWorkers {
  private static final Logger LOG = LoggerFactory.getLogger(PollCycle.class);

  private final ExecutorService pool;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  BudgetWorkers(int threads) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "poll-worker-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs {@code round} for every group not running already, and waits for all; returns the sum of
   * what they returned (videos claimed). After {@link #shutdown()}, starts none.
   */
  int runAll(List<PollCycle.Group> groups, ToIntFunction<PollCycle.Group> round) {
    List<Future<Integer>> tasks = new ArrayList<>();
    try {
      for (PollCycle.Group group : groups) {
        tasks.add(pool.submit(() -> runAlone(group, round)));
      }
    } catch (RejectedExecutionException e) {
      // Shut down meanwhile: what was submitted still finishes below.
    }
    int total = 0;
    for (Future<Integer> task : tasks) {
      try {
        total += task.get();
      } catch (ExecutionException e) {
        LOG.error("A poll round's budget failed; it runs again next round", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        tasks.forEach(t -> t.cancel(false));
        break;
      }
    }
    return total;
  }

  /** Running tasks finish (they give back what they have not polled); no new ones start. */
  void shutdown() {
    pool.shutdown();
  }

  private int runAlone(PollCycle.Group group, ToIntFunction<PollCycle.Group> round) {
    if (!running.add(group.budgetId())) {
      return 0;
    }
    try {
      return round.applyAsInt(group);
    } finally {
      running.remove(group.budgetId());
    }
  }
}
