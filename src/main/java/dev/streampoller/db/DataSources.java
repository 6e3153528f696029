package dev.streampoller.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.DatabaseConfig;
import java.time.Duration;

/** Builds the HikariCP pool every part of the daemon shares, Quartz included. */
public final class DataSources {
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  private DataSources() {}

  /**
   * A pool for {@code config}. It is created lazily-connecting (no fail-fast at construction), so a
   * database that is briefly down at start-up or restarted later is reconnected transparently.
   */
  public static HikariDataSource create(DatabaseConfig config, String poolName) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(poolName);
    hikari.setJdbcUrl(config.url());
    config.user().ifPresent(hikari::setUsername);
    config.password().ifPresent(password -> hikari.setPassword(password.reveal()));
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    hikari.setInitializationFailTimeout(-1);
    hikari.addDataSourceProperty("ApplicationName", "stream-poller");
    return new HikariDataSource(hikari);
  }
}
