package dev.streampoller.db;

import java.sql.Connection;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement with named parameters ({@code :now}, bound once however often it is used) and
 * the purpose it serves, parsed once when the repository class loads. {@link #on} runs it on the
 * caller's connection (the transaction of {@link Database}); a failure becomes a {@link
 * DatabaseException} naming the purpose. Immutable and thread-safe.
 *
 * <pre>{@code
 * private static final Sql RELEASE = Sql.of("release a claimed video", """
 *     UPDATE tracked_video SET claimed_by = NULL, claimed_until = NULL, next_poll_at = :next
 *      WHERE account_id = :account AND video_uid = :video AND claimed_by = :owner""");
 *
 * RELEASE.on(c).bind("next", next).bind("account", ...).bind("owner", owner).updateAtMostOne();
 * }</pre>
 */
public final class Sql {
  private final String purpose;
  private final String text;
  private final NamedParameters parsed;

  private Sql(String purpose, String text) {
    this.purpose = purpose;
    this.text = text;
    this.parsed = NamedParameters.parse(text);
  }

  /**
   * A statement for {@code purpose} (said in error messages, e.g. "claim due videos"); a {@code ?}
   * in {@code sql} is an operator (jsonb), never a placeholder.
   */
  public static Sql of(String purpose, String sql) {
    Objects.requireNonNull(purpose, "purpose");
    return new Sql(purpose, Objects.requireNonNull(sql, "sql"));
  }

  /** What the statement is for. */
  public String purpose() {
    return purpose;
  }

  /** The statement as written, e.g. to show it to a person. */
  public String text() {
    return text;
  }

  /** The parameter names by position, as the driver sees them (a name may repeat). */
  List<String> parameters() {
    return parsed.names();
  }

  /** The statement as sent to the driver. */
  String jdbcSql() {
    return parsed.jdbcSql();
  }

  /** A call of this statement on {@code connection}, to bind and run once. */
  public SqlCall on(Connection connection) {
    return new SqlCall(this, connection);
  }

  @Override
  public String toString() {
    return "Sql[" + purpose + "]";
  }
}
