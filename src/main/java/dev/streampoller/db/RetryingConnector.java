package dev.streampoller.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the daemon's pool gets its physical connections: while PostgreSQL cannot be reached (down,
 * restarting, refusing, starting up), it tries again every {@link #RETRY_EVERY} until it answers or
 * the pool closes, so the pool has a connection within that interval of the database's return.
 *
 * <p>Why not let the pool retry: HikariCP backs off between failed attempts up to 5 s, which alone
 * would add up to 5 s to every recovery. Only HikariCP's single connection-adder thread calls
 * {@link #getConnection()}; callers of the pool still wait at most the pool's connection timeout. A
 * refusal that retrying cannot fix (wrong password, unknown database) is thrown at once.
 */
final class RetryingConnector implements DataSource {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingConnector.class);
  static final Duration RETRY_EVERY = Duration.ofMillis(250);
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");

  private final String url;
  private final Properties properties;
  private volatile boolean closed;
  private volatile int loginTimeoutSeconds;

  /** {@code properties} hold the driver settings, user and password included. */
  RetryingConnector(String url, Properties properties) {
    this.url = url;
    this.properties = properties;
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    boolean failedBefore = false;
    while (true) {
      try {
        Connection connection = DriverManager.getConnection(url, properties);
        if (failedBefore) {
          LOG.info(
              "PostgreSQL reachable again after {} ms of retrying",
              Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        return connection;
      } catch (SQLException e) {
        if (closed || !retryable(e)) {
          throw e;
        }
        if (!failedBefore) {
          LOG.warn(
              "PostgreSQL unreachable ({}); trying again every {} ms until it answers",
              describe(e),
              RETRY_EVERY.toMillis());
          failedBefore = true;
        }
        pause(e);
      }
    }
  }

  /** Ends the retrying: the attempt in progress throws its failure. Idempotent. */
  void close() {
    closed = true;
  }

  /**
   * Connection failures (SQLSTATE class 08), and a server that is starting up or shutting down
   * (57P01-57P03), or full (53300): each goes away by itself.
   */
  static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03")
            || state.equals("53300"));
  }

  private void pause(SQLException failure) throws SQLException {
    try {
      Thread.sleep(RETRY_EVERY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }

  private static String describe(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return PASSWORD.matcher(e.getClass().getSimpleName() + ": " + message).replaceAll("$1****");
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool's user and password are fixed");
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(@Nullable PrintWriter out) {
    // SLF4J only
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // Recorded for getLoginTimeout only: connectTimeout and socketTimeout bound each attempt.
    loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("SLF4J only");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
