package dev.streampoller.polling;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for {@code NOTIFY stream_poller_tracked} (sent by a trigger on every INSERT into {@code
 * tracked_video}, CLI or hand-written SQL) and wakes the poll job, so a new video is polled within
 * a second instead of at the next scan. Owns one daemon thread and one connection; reconnects with
 * backoff when the database goes away. Missing a notification only delays a poll until the poll
 * job's next tick.
 */
public final class TrackNotificationListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackNotificationListener.class);
  public static final String CHANNEL = "stream_poller_tracked";
  private static final int WAIT_MILLIS = 500;
  private static final Duration COALESCE = Duration.ofMillis(100);
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

  private final DataSource dataSource;
  private final Runnable onTracked;
  private final Thread thread;
  private volatile boolean running = true;

  public TrackNotificationListener(DataSource dataSource, Runnable onTracked) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.onTracked = Objects.requireNonNull(onTracked, "onTracked");
    this.thread = new Thread(this::listenUntilClosed, "track-listener");
    this.thread.setDaemon(true);
  }

  public TrackNotificationListener start() {
    thread.start();
    return this;
  }

  private void listenUntilClosed() {
    Duration delay = Duration.ofMillis(250);
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        delay = Duration.ofMillis(250);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            LOG.debug("{} video(s) tracked; waking the poll job", notifications.length);
            onTracked.run();
            // A bulk insert sends one NOTIFY per row: wake at most every COALESCE interval and
            // drain what arrived meanwhile with the next read.
            Thread.sleep(COALESCE.toMillis());
          }
        }
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
        delay =
            delay.multipliedBy(2).compareTo(MAX_RECONNECT_DELAY) > 0
                ? MAX_RECONNECT_DELAY
                : delay.multipliedBy(2);
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
