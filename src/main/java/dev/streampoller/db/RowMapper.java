package dev.streampoller.db;

import java.sql.SQLException;

/** Builds one value from the current row of a result. */
@FunctionalInterface
public interface RowMapper<T> {
  T map(Row row) throws SQLException;
}
