package dev.streampoller.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Builds the HikariCP pools (the daemon's, shared by every part of it, Quartz included, and the
 * commands') and the daemon's one unpooled connection, for {@code LISTEN}.
 *
 * <p>Every connection attempt gives up after {@link #CONNECT_TIMEOUT}, so an unreachable host fails
 * as fast as a refused port. The daemon's connections also time out any read after {@link
 * #DAEMON_SOCKET_TIMEOUT}: a database that accepts connections and never answers cannot hold a
 * thread forever (the daemon's statements take milliseconds; migrations, which may take long, use a
 * command pool without that bound).
 */
public final class DataSources {
  /** How long a caller waits for a pooled connection before it gets an exception. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** How long borrowing checks an idle connection is alive. */
  static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);

  /** TCP connect timeout of every attempt (the driver's {@code connectTimeout}). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Longest silence of the server within one statement of the daemon (driver's socketTimeout). */
  static final Duration DAEMON_SOCKET_TIMEOUT = Duration.ofSeconds(60);

  /** Longest silence of the server on the LISTEN connection; its keepalive answers in ms. */
  static final Duration LISTEN_SOCKET_TIMEOUT = Duration.ofSeconds(10);

  private DataSources() {}

  /**
   * A pool for a command ({@code migrate}, {@code track}, ...). It is created lazily-connecting (no
   * fail-fast at construction); a database that cannot be reached fails a request after {@link
   * #CONNECTION_TIMEOUT}, naming the cause.
   */
  public static HikariDataSource create(DatabaseConfig config, String poolName) {
    HikariConfig hikari = common(config, poolName);
    hikari.setJdbcUrl(config.url());
    config.user().ifPresent(hikari::setUsername);
    config.password().ifPresent(password -> hikari.setPassword(password.reveal()));
    hikari.addDataSourceProperty("ApplicationName", "stream-poller");
    hikari.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    return new HikariDataSource(hikari);
  }

  /**
   * The daemon's pool. While PostgreSQL is down it keeps trying to connect every 250 ms (see {@link
   * RetryingConnector}), so after a restart the pool has connections again within that interval
   * instead of HikariCP's up-to-5-s backoff; requests made meanwhile fail after {@link
   * #CONNECTION_TIMEOUT}. Statements time out after {@link #DAEMON_SOCKET_TIMEOUT} of silence.
   */
  public static HikariDataSource createForDaemon(DatabaseConfig config, String poolName) {
    Properties driver = driverProperties(config, "stream-poller", DAEMON_SOCKET_TIMEOUT);
    RetryingConnector connector = new RetryingConnector(config.url(), driver);
    HikariConfig hikari = common(config, poolName);
    hikari.setDataSource(connector);
    return new DaemonPool(hikari, connector);
  }

  /**
   * A new unpooled connection, owned and closed by the caller (the NOTIFY listener: a LISTEN must
   * not outlive its user in a pool). Gives up after {@link #CONNECT_TIMEOUT}; reads time out after
   * {@link #LISTEN_SOCKET_TIMEOUT}.
   */
  public static Connection openUnpooled(DatabaseConfig config, String applicationName)
      throws SQLException {
    return DriverManager.getConnection(
        config.url(), driverProperties(config, applicationName, LISTEN_SOCKET_TIMEOUT));
  }

  /** Stops the connector's retrying before the pool closes, so closing never waits on it. */
  @SuppressWarnings("serial") // never serialized
  private static final class DaemonPool extends HikariDataSource {
    private final transient RetryingConnector connector;

    DaemonPool(HikariConfig config, RetryingConnector connector) {
      super(config);
      this.connector = connector;
    }

    @Override
    public void close() {
      connector.close();
      super.close();
    }
  }

  private static HikariConfig common(DatabaseConfig config, String poolName) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(poolName);
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    hikari.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    hikari.setInitializationFailTimeout(-1);
    return hikari;
  }

  private static Properties driverProperties(
      DatabaseConfig config, String applicationName, Duration socketTimeout) {
    Properties props = new Properties();
    config.user().ifPresent(user -> props.setProperty("user", user));
    config.password().ifPresent(p -> props.setProperty("password", p.reveal()));
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    props.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
    return props;
  }
}
