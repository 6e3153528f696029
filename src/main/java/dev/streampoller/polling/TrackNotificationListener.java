package dev.streampoller.polling;

import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
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
 * #KEEPALIVE} so a half-open connection is noticed, and reconnects when the database goes away,
 * trying every {@link #RECONNECT_DELAY}.
 *
 * <p>It is also the daemon's quickest witness of the database's return: the first {@code LISTEN}
 * after a lost connection runs {@code onReconnected} (the daemon wakes both jobs with it), since
 * notifications sent meanwhile are lost and work fell due. Missing a notification otherwise only
 * delays a poll until the poll job's next tick.
 */
public final class TrackNotificationListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackNotificationListener.class);
  public static final String CHANNEL = "stream_poller_tracked";
  private static final int WAIT_MILLIS = 500;
  private static final Duration COALESCE = Duration.ofMillis(100);
  private static final Duration KEEPALIVE = Duration.ofSeconds(30);

  /**
   * Between two connection attempts. Constant, not a growing backoff: one attempt per second costs
   * the database nothing, and the wake-up after an outage must not wait for a long delay.
   */
  static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

  /** Opens a new connection that the listener owns and closes. */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private static final Sql LISTEN = Sql.of("listen for tracked videos", "LISTEN " + CHANNEL);
  private static final Sql CHECK_CONNECTION =
      Sql.of("check the notification connection", "SELECT 1");

  private final ConnectionSource connections;
  private final Runnable onTracked;
  private final Runnable onReconnected;
  private final Thread thread;
  private final CountDownLatch firstListen = new CountDownLatch(1);
  private volatile boolean running = true;

  /** A listener that runs {@code onTracked} on notifications and after a reconnection. */
  public TrackNotificationListener(ConnectionSource connections, Runnable onTracked) {
    this(connections, onTracked, onTracked);
  }

  /**
   * @param onTracked runs when videos were tracked (at most every 100 ms)
   * @param onReconnected runs once listening again after the connection was lost
   */
  public TrackNotificationListener(
      ConnectionSource connections, Runnable onTracked, Runnable onReconnected) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.onTracked = Objects.requireNonNull(onTracked, "onTracked");
    this.onReconnected = Objects.requireNonNull(onReconnected, "onReconnected");
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
    long lostAt = 0;
    boolean lost = false;
    while (running) {
      try (Connection connection = connections.open()) {
        PGConnection pg = connection.unwrap(PGConnection.class);
        LISTEN.on(connection).update();
        firstListen.countDown();
        if (lost) {
          lost = false;
          LOG.info(
              "Listening for tracked videos again after {} ms; waking the jobs",
              Duration.ofNanos(System.nanoTime() - lostAt).toMillis());
          wake(onReconnected);
        }
        listen(connection, pg);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        if (!lost) {
          lost = true;
          lostAt = System.nanoTime();
          LOG.warn(
              "Tracking notifications unavailable ({}); reconnecting every {} ms",
              e.getMessage(),
              RECONNECT_DELAY.toMillis());
        } else {
          LOG.debug("Still no connection for tracking notifications: {}", e.getMessage());
        }
        try {
          Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** A failing wake-up must not end the listener. */
  private static void wake(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("Waking the jobs failed; their schedule runs them: {}", e.getMessage());
    }
  }

  private void listen(Connection connection, PGConnection pg)
      throws SQLException, InterruptedException {
    long nextKeepalive = System.nanoTime() + KEEPALIVE.toNanos();
    while (running) {
      PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
      if (notifications != null && notifications.length > 0) {
        LOG.debug("{} video(s) tracked; waking the poll job", notifications.length);
        wake(onTracked);
        // A bulk insert sends one NOTIFY per row: wake at most every COALESCE interval and drain
        // what arrived meanwhile with the next read.
        Thread.sleep(COALESCE.toMillis());
      }
      if (System.nanoTime() > nextKeepalive) {
        CHECK_CONNECTION.on(connection).first(row -> true);
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
