package dev.streampoller.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.DataSources;
import dev.streampoller.db.Database;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one command run works with: the loaded configuration, the clock, and one connection pool
 * with its {@link Database} helper. The pool is created on first use (a command that fails on its
 * arguments or its configuration never opens one) and closed with the session. Every command that
 * touches the database opens exactly one session, through {@link ConfigOption#open(String)} or, for
 * a configuration built in code (demo, bench), {@link #open(AppConfig, Clock, String)}.
 */
final class OperatorSession implements AutoCloseable {
  private final AppConfig config;
  private final Clock clock;
  private final String name;
  private @Nullable HikariDataSource dataSource;
  private @Nullable Database database;

  private OperatorSession(AppConfig config, Clock clock, String name) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * A session over a configuration already loaded; {@code name} names its pool (the command's name,
   * as it shows in the database's and the pool's logs).
   */
  static OperatorSession open(AppConfig config, Clock clock, String name) {
    return new OperatorSession(config, clock, name);
  }

  AppConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  /** The session's pool, created on the first call. */
  synchronized HikariDataSource dataSource() {
    if (dataSource == null) {
      dataSource = DataSources.create(config.database(), name);
    }
    return dataSource;
  }

  /** Transactions over the session's pool. */
  synchronized Database database() {
    if (database == null) {
      database = new Database(dataSource());
    }
    return database;
  }

  /** Closes the pool if it was opened. Idempotent. */
  @Override
  public synchronized void close() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
