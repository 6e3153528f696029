package dev.streampoller.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/** Small conversions between JDBC and {@code java.time} / nullable values. */
public final class Jdbc {
  private Jdbc() {}

  public static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  public static void setInstant(PreparedStatement ps, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, ts(instant));
    }
  }

  public static void setDouble(PreparedStatement ps, int index, @Nullable Double value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  public static void setInteger(PreparedStatement ps, int index, @Nullable Integer value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }

  public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
    Instant value = instant(rs, column);
    if (value == null) {
      throw new DatabaseException("column " + column + " is unexpectedly NULL");
    }
    return value;
  }

  public static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  public static @Nullable Integer nullableInteger(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /** Checks an UPDATE's count: 0 means another worker won the race, more than 1 is a bug. */
  public static boolean updatedOne(int count, String what) {
    if (count > 1) {
      throw new DatabaseException(what + " updated " + count + " rows, expected at most one");
    }
    return count == 1;
  }
}
