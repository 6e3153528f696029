package dev.streampoller.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The current row of a result, read by column name: {@code timestamptz} as {@link Instant}, SQL
 * NULL as Java null where the type allows it. Valid only inside a {@link RowMapper}.
 */
public final class Row {
  private final ResultSet rs;

  Row(ResultSet rs) {
    this.rs = rs;
  }

  public @Nullable String text(String column) throws SQLException {
    return rs.getString(column);
  }

  /** A NOT NULL text column. */
  public String requiredText(String column) throws SQLException {
    String value = rs.getString(column);
    if (value == null) {
      throw new DatabaseException("column " + column + " is unexpectedly NULL");
    }
    return value;
  }

  public int integer(String column) throws SQLException {
    return rs.getInt(column);
  }

  public long longValue(String column) throws SQLException {
    return rs.getLong(column);
  }

  public double decimal(String column) throws SQLException {
    return rs.getDouble(column);
  }

  public boolean bool(String column) throws SQLException {
    return rs.getBoolean(column);
  }

  public @Nullable Integer nullableInteger(String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  public @Nullable Double nullableDouble(String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  public @Nullable Instant nullableInstant(String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** A NOT NULL {@code timestamptz} column. */
  public Instant instant(String column) throws SQLException {
    Instant value = nullableInstant(column);
    if (value == null) {
      throw new DatabaseException("column " + column + " is unexpectedly NULL");
    }
    return value;
  }

  /** Every column as the driver renders it as text, in select-list order. */
  public Map<String, @Nullable String> asText() throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Map<String, @Nullable String> row = new LinkedHashMap<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      row.put(meta.getColumnName(i), rs.getString(i));
    }
    return row;
  }
}
