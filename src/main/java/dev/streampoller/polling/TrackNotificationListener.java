package dev.streampoller.polling;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for {@code NOTIFY stream_poller_tracked} (sent by a trigger on every INSERT into {@code
 * tracked_video}, CLI or hand-written SQL) and wakes the poll job, so a new video is polled within
 * a second instead of at the next scan. Owns one daemon thread and one dedicated connection (not a
 * pooled one: a LISTEN must not outlive its user in a pool); checks it with a query every {@link
 * #KEEPALIVE} so a half-open connection is noticed, and reconnects with backoff when the database
 * goes away. Missing a notification only delays a poll until the poll job's next tick.
 */
public final class TrackNotificationListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackNotificationListener.class);
  public static final String CHANNEL = "stream_poller_tracked";
  private static final int WAIT_MILLIS = 500;
  private static final Duration COALESCE = Duration.ofMillis(100);
  private static final Duration KEEPALIVE = Duration.ofSeconds(30);
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

  /** Opens a new connection that the listener owns and closes. */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private final ConnectionSource connections;
  private final Runnable onTracked;
  private final Thread thread;
  private final CountDownLatch firstListen = new CountDownLatch(1);
  private volatile boolean running = true;

  public TrackNotificationListener(ConnectionSource connections, Runnable onTracked) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.onTracked = Objects.requireNonNull(onTracked, "onTracked");
    this.thread = new Thread(this::listenUntilClosed, "track-listener");
    this.thread.setDaemon(true);
  }

  public TrackNotificationListener start() {
    thread.start();
    return this;
  }

  /**
   * Waits until the first {@code LISTEN} is in place, so that rows inserted after this returns are
   * sure to wake the poll job; false if that did not happen within {@code timeout}.
   */
  public boolean awaitListening(Duration timeout) {
    try {
      return firstListen.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void listenUntilClosed() {
    Duration delay = Duration.ofMillis(250);
    while (running) {
      try (Connection connection = connections.open()) {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        firstListen.countDown();
        delay = Duration.ofMillis(250);
        listen(connection, pg);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn(
            "Tracking notifications unavailable ({}); reconnecting in {}", e.getMessage(), delay);
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY : doubled;
      }
    }
  }

  private void listen(Connection connection, PGConnection pg)
      throws SQLException, InterruptedException {
    long nextKeepalive = System.nanoTime() + KEEPALIVE.toNanos();
    while (running) {
      PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
      if (notifications != null && notifications.length > 0) {
        LOG.debug("{} video(s) tracked; waking the poll job", notifications.length);
        onTracked.run();
        // A bulk insert sends one NOTIFY per row: wake at most every COALESCE interval and drain
        // what arrived meanwhile with the next read.
        Thread.sleep(COALESCE.toMillis());
      }
      if (System.nanoTime() > nextKeepalive) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SELECT 1");
        }
        nextKeepalive = System.nanoTime() + KEEPALIVE.toNanos();
      }
    }
  }

  /** Stops listening and waits briefly for the thread. Idempotent. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
