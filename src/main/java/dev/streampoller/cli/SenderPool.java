package dev.streampoller.cli;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads webhook deliveries are sent on, one endpoint per thread at a time, so a slow endpoint
 * holds one thread and never the Quartz job. Closing waits a bounded time for sends in flight (each
 * is bounded by {@code webhook.timeout}); what is not sent keeps its claim until the lease expires
 * and is sent again, with the same event id.
 */
final class SenderPool implements Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SenderPool.class);
  private final ExecutorService executor;
  private final Duration drain;

  /** {@code drain}: how long closing waits for sends in flight (one attempt's timeout and more). */
  SenderPool(int threads, Duration drain) {
    this.drain = drain;
    AtomicInteger count = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "webhook-sender-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void execute(Runnable command) {
    executor.execute(command);
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "Webhook sends still running after {}; they will be retried after the lease", drain);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
