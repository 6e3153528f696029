package dev.streampoller.cli;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads webhook deliveries are sent on, so a slow endpoint never holds the Quartz job. It
 * starts a thread whenever every other one is busy and never queues: how many run at once is the
 * dispatcher's business ({@link dev.streampoller.webhook.SenderLimits}: one per configured
 * endpoint, {@code webhook.max-concurrency} for callback URLs, a quarter of that for failing ones);
 * {@code maxThreads} is only a backstop above that. Idle threads end after a minute.
 *
 * <p>Closing is bounded: the dispatcher has been stopped first, so each running share finishes its
 * one send in flight (bounded by {@code webhook.timeout}) and gives the rest back; what still runs
 * after {@code drain} is interrupted and its claim expires after the lease, to be sent again with
 * the same event id.
 */
final class SenderPool implements Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SenderPool.class);
  private final ExecutorService executor;
  private final Duration drain;

  /**
   * @param maxThreads the most threads ever started at once; a task beyond it is rejected
   * @param drain how long closing waits for sends in flight (one attempt's timeout and more)
   */
  SenderPool(long maxThreads, Duration drain) {
    this.drain = drain;
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            0,
            (int) Math.min(Integer.MAX_VALUE, maxThreads),
            1,
            TimeUnit.MINUTES,
            new SynchronousQueue<>(),
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
