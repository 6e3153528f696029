package dev.streampoller.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link Sql} statement on a connection: bind each named parameter once, then run it
 * with one of the terminal methods. Values are converted on the way in ({@link Instant} as a UTC
 * {@code timestamptz}, a null as a typed SQL NULL, collections as arrays). Any {@link SQLException}
 * becomes a {@link DatabaseException} that names the statement's purpose and keeps the cause (so
 * {@link DatabaseException#isUnavailable()} still tells an outage). Not thread-safe; use once.
 */
public final class SqlCall {
  @FunctionalInterface
  private interface Setter {
    void set(PreparedStatement ps, int index) throws SQLException;
  }

  @FunctionalInterface
  private interface ValueSetter<T> {
    void set(PreparedStatement ps, int index, T value) throws SQLException;
  }

  private final Sql sql;
  private final Connection connection;
  private final Map<String, Setter> values = new HashMap<>();

  SqlCall(Sql sql, Connection connection) {
    this.sql = sql;
    this.connection = connection;
  }

  public SqlCall bind(String name, @Nullable String value) {
    return put(name, value, Types.VARCHAR, PreparedStatement::setString);
  }

  /** A {@code timestamptz}, sent as a UTC {@link java.time.OffsetDateTime}. */
  public SqlCall bind(String name, @Nullable Instant value) {
    return put(
        name,
        value,
        Types.TIMESTAMP_WITH_TIMEZONE,
        (ps, i, instant) -> ps.setObject(i, instant.atOffset(ZoneOffset.UTC)));
  }

  public SqlCall bind(String name, @Nullable Integer value) {
    return put(name, value, Types.INTEGER, PreparedStatement::setInt);
  }

  public SqlCall bind(String name, @Nullable Long value) {
    return put(name, value, Types.BIGINT, PreparedStatement::setLong);
  }

  public SqlCall bind(String name, @Nullable Double value) {
    return put(name, value, Types.DOUBLE, PreparedStatement::setDouble);
  }

  public SqlCall bind(String name, boolean value) {
    return put(name, (ps, i) -> ps.setBoolean(i, value));
  }

  /** A {@code text[]}, e.g. for {@code = ANY (:accounts)}. */
  public SqlCall bindTexts(String name, Collection<String> values) {
    Object[] array = values.toArray();
    return put(name, (ps, i) -> ps.setArray(i, connection.createArrayOf("text", array)));
  }

  /** A {@code bigint[]}. */
  public SqlCall bindLongs(String name, Collection<Long> values) {
    Object[] array = values.toArray();
    return put(name, (ps, i) -> ps.setArray(i, connection.createArrayOf("bigint", array)));
  }

  /** Every row, mapped. */
  public <T> List<T> list(RowMapper<T> mapper) {
    return run(
        ps -> {
          List<T> result = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            Row row = new Row(rs);
            while (rs.next()) {
              result.add(mapper.map(row));
            }
          }
          return result;
        });
  }

  /** The first row, mapped; empty when there is none. */
  public <T> Optional<T> first(RowMapper<T> mapper) {
    return run(
        ps -> {
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(new Row(rs))) : Optional.empty();
          }
        });
  }

  /**
   * The one row an aggregate or {@code RETURNING} always gives, mapped (the mapper may return null,
   * e.g. for {@code max()} over no rows).
   */
  public <T extends @Nullable Object> T single(RowMapper<T> mapper) {
    return run(
        ps -> {
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new DatabaseException(sql.purpose() + ": no row was returned");
            }
            return mapper.map(new Row(rs));
          }
        });
  }

  /** Runs an INSERT, UPDATE, DELETE or command; returns the count of rows it changed. */
  public int update() {
    return run(PreparedStatement::executeUpdate);
  }

  /**
   * Runs an UPDATE that may change at most one row: false when it changed none (another worker won
   * the race, a claim was lost), true for one; more is a bug and throws.
   */
  public boolean updateAtMostOne() {
    int count = update();
    if (count > 1) {
      throw new DatabaseException(
          sql.purpose() + " updated " + count + " rows, expected at most one");
    }
    return count == 1;
  }

  /**
   * Runs the statement once per item as one JDBC batch; {@code binder} binds each item's parameters
   * (those bound before stay bound for every item).
   */
  public <T> void batch(Collection<T> items, BiConsumer<SqlCall, T> binder) {
    if (items.isEmpty()) {
      return;
    }
    prepareAndRun(
        ps -> {
          for (T item : items) {
            binder.accept(this, item);
            setAll(ps);
            ps.addBatch();
          }
          return ps.executeBatch();
        });
  }

  @FunctionalInterface
  private interface Execution<R> {
    R execute(PreparedStatement ps) throws SQLException;
  }

  private <R> R run(Execution<R> execution) {
    return prepareAndRun(
        ps -> {
          setAll(ps);
          return execution.execute(ps);
        });
  }

  private <R> R prepareAndRun(Execution<R> execution) {
    try (PreparedStatement ps = connection.prepareStatement(sql.jdbcSql())) {
      return execution.execute(ps);
    } catch (SQLException e) {
      throw new DatabaseException(sql.purpose(), e);
    }
  }

  private void setAll(PreparedStatement ps) throws SQLException {
    List<String> names = sql.parameters();
    for (int i = 0; i < names.size(); i++) {
      Setter setter = values.get(names.get(i));
      if (setter == null) {
        throw new IllegalStateException(
            sql.purpose() + ": parameter :" + names.get(i) + " unbound");
      }
      setter.set(ps, i + 1);
    }
  }

  /** Binds {@code value}, or a NULL of {@code sqlType} (typed, so the server need not guess). */
  private <T> SqlCall put(String name, @Nullable T value, int sqlType, ValueSetter<T> setter) {
    return put(
        name,
        (ps, i) -> {
          if (value == null) {
            ps.setNull(i, sqlType);
          } else {
            setter.set(ps, i, value);
          }
        });
  }

  private SqlCall put(String name, Setter setter) {
    if (!sql.parameters().contains(name)) {
      throw new IllegalArgumentException(sql.purpose() + ": no parameter :" + name);
    }
    values.put(name, setter);
    return this;
  }
}
