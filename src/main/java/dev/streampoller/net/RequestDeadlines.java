package dev.streampoller.net;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.Cancellable;
import org.jspecify.annotations.Nullable;

/**
 * Enforces an overall deadline on blocking HTTP requests. Socket timeouts bound each read, not the
 * request: a server that sends one byte at a time keeps a thread forever. {@link #arm} schedules
 * {@link Cancellable#cancel()} of the request (HttpClient 5 classic requests are cancellable: the
 * connection is shut down and the blocked thread gets an {@code IOException}) unless the request
 * ends first and the returned {@link Deadline} is closed.
 *
 * <p>Owns one daemon thread, named by the caller; thread-safe; {@link #close()} is idempotent.
 */
public final class RequestDeadlines implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  /**
   * @param threadName the name of the deadline thread, e.g. {@code cloudflare-request-deadline}
   */
  public RequestDeadlines(String threadName) {
    Objects.requireNonNull(threadName, "threadName");
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, threadName);
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Cancels {@code request} after {@code within} unless the returned deadline is closed before.
   *
   * @throws IllegalStateException once {@link #close()} was called
   */
  public Deadline arm(Cancellable request, Duration within) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(within, "within");
    Deadline deadline = new Deadline(request);
    try {
      deadline.future =
          timer.schedule(deadline::expire, Math.max(0, within.toNanos()), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("request deadlines are closed", e);
    }
    return deadline;
  }

  /** Stops the deadline thread; requests still armed are no longer cancelled. Idempotent. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One armed deadline. Close it when the request is over, successful or not. */
  public static final class Deadline implements AutoCloseable {
    private final Cancellable request;
    private final AtomicBoolean expired = new AtomicBoolean();
    private volatile @Nullable ScheduledFuture<?> future;

    private Deadline(Cancellable request) {
      this.request = request;
    }

    private void expire() {
      expired.set(true);
      request.cancel();
    }

    /** Whether the deadline passed and the request was cancelled. */
    public boolean expired() {
      return expired.get();
    }

    /** Disarms the deadline (a no-op once it expired). */
    @Override
    public void close() {
      ScheduledFuture<?> scheduled = future;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
  }
}
