package dev.streampoller.db;

import java.sql.SQLException;

/** An unchecked wrapper for {@link SQLException}, thrown once at the JDBC boundary. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  public DatabaseException(String message) {
    super(message);
  }
}
