package dev.streampoller.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** An unchecked wrapper for {@link SQLException}, thrown once at the JDBC boundary. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  public DatabaseException(String message) {
    super(message);
  }

  /**
   * Whether the database could not be reached (no connection from the pool, a connection lost, the
   * server shutting down or starting up), as opposed to a statement it refused: retrying the same
   * work at once is pointless, waiting for it to come back is right.
   */
  public boolean isUnavailable() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now.
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }
}
