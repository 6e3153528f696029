package dev.streampoller.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A database read that an ops request waits for at most a bound, whatever the database does (down,
 * refusing, or accepting connections and never answering): the read runs on its own daemon thread,
 * and the request stops waiting at the bound. At most one read runs at a time: a request arriving
 * while one is still running waits for that one instead of starting another, so a hung database
 * holds one thread and one pooled connection, never one per request. Once the database answers
 * again, the read in progress completes, and the next request starts a fresh one.
 *
 * <p>The read's connection gets a network timeout of the bound, so a read that got its connection
 * does not outlive the bound by much either. Thread-safe.
 */
final class BoundedRead<T> {
  /** A read on a connection borrowed for it. */
  @FunctionalInterface
  interface Query<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** What one wait gave: the value, or why there is none. */
  record Outcome<T>(Optional<T> value, Optional<Throwable> failure, boolean timedOut) {}

  private final DataSource dataSource;
  private final Query<T> query;
  private final Duration bound;
  private final String threadName;
  private @Nullable CompletableFuture<T> inFlight;

  BoundedRead(DataSource dataSource, Query<T> query, Duration bound, String threadName) {
    this.dataSource = dataSource;
    this.query = query;
    this.bound = bound;
    this.threadName = threadName;
  }

  Duration bound() {
    return bound;
  }

  /** Reads (or joins the read in progress) and waits at most {@link #bound()} for it. */
  Outcome<T> read() {
    CompletableFuture<T> read = current();
    try {
      return new Outcome<>(
          Optional.of(read.get(bound.toMillis(), TimeUnit.MILLISECONDS)), Optional.empty(), false);
    } catch (TimeoutException e) {
      return new Outcome<>(Optional.empty(), Optional.empty(), true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      return new Outcome<>(Optional.empty(), Optional.ofNullable(cause), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome<>(Optional.empty(), Optional.of(e), false);
    }
  }

  private synchronized CompletableFuture<T> current() {
    if (inFlight == null || inFlight.isDone()) {
      Executor ownThread =
          task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.start();
          };
      inFlight = CompletableFuture.supplyAsync(this::readNow, ownThread);
    }
    return inFlight;
  }

  private T readNow() {
    try (Connection c = dataSource.getConnection()) {
      // Bounds each wait for the server once connected; restored when the pool takes it back.
      c.setNetworkTimeout(Runnable::run, (int) bound.toMillis());
      return query.apply(c);
    } catch (SQLException e) {
      throw new CompletionException(e);
    }
  }
}
