package dev.streampoller.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Runs units of work in a single JDBC transaction: commits when the work returns, rolls back when
 * it throws, and refuses nesting so that a repository can never silently open a second transaction
 * inside the first. Thread-safe; each call borrows its own connection from the pool.
 */
public final class Database {
  private static final ThreadLocal<Boolean> IN_TRANSACTION = ThreadLocal.withInitial(() -> false);

  private final DataSource dataSource;

  public Database(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Work done inside a transaction; may throw {@link SQLException}, which is wrapped once. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Work done inside a transaction that returns nothing. */
  @FunctionalInterface
  public interface VoidWork {
    void accept(Connection connection) throws SQLException;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} in one transaction and returns its result. */
  public <T> T inTransaction(Work<T> work) {
    if (IN_TRANSACTION.get()) {
      throw new IllegalStateException("nested transaction: repositories must use the caller's");
    }
    IN_TRANSACTION.set(true);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException("transaction failed", e);
    } finally {
      IN_TRANSACTION.set(false);
    }
  }

  /** Runs {@code work} in one transaction. */
  public void run(VoidWork work) {
    inTransaction(
        connection -> {
          work.accept(connection);
          return null;
        });
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }
}
