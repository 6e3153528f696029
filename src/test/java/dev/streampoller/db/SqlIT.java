package dev.streampoller.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The query helper against PostgreSQL: conversions, repeated names, failures. */
@ExtendWith(PostgresExtension.class)
class SqlIT {
  private static final Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

  private record Values(
      Instant at,
      @Nullable Instant none,
      @Nullable Integer count,
      @Nullable Integer noCount,
      @Nullable Double share,
      @Nullable Double noShare,
      @Nullable String text,
      @Nullable String noText,
      boolean flag,
      long big) {}

  @Test
  void shouldRoundTripValuesAndTypedNulls(Database db) {
    Sql echo =
        Sql.of(
            "echo values",
            """
            SELECT :at AS at, :none::timestamptz AS none, :count AS count,
                   :noCount::int AS no_count, :share AS share, :noShare::float8 AS no_share,
                   :text AS text, :noText::text AS no_text, :flag AS flag, :big AS big,
                   pg_typeof(:at)::text AS at_type""");
    Values values =
        db.inTransaction(
            c ->
                echo.on(c)
                    .bind("at", T)
                    .bind("none", (Instant) null)
                    .bind("count", 7)
                    .bind("noCount", (Integer) null)
                    .bind("share", 0.25)
                    .bind("noShare", (Double) null)
                    .bind("text", "it's")
                    .bind("noText", (String) null)
                    .bind("flag", true)
                    .bind("big", 1L << 40)
                    .single(
                        row -> {
                          assertThat(row.text("at_type")).isEqualTo("timestamp with time zone");
                          return new Values(
                              row.instant("at"),
                              row.nullableInstant("none"),
                              row.nullableInteger("count"),
                              row.nullableInteger("no_count"),
                              row.nullableDouble("share"),
                              row.nullableDouble("no_share"),
                              row.text("text"),
                              row.text("no_text"),
                              row.bool("flag"),
                              row.longValue("big"));
                        }));
    assertThat(values)
        .isEqualTo(new Values(T, null, 7, null, 0.25, null, "it's", null, true, 1L << 40));
  }

  @Test
  void shouldBindANameOnceForEveryUseAndArraysForAny(Database db) {
    Sql select =
        Sql.of(
            "select by repeated name",
            """
            SELECT x FROM unnest(ARRAY['a', 'b', 'c', '?']) AS x
             WHERE x = ANY (:wanted) AND (x <> :skip OR :skip IS NULL) AND x <> ':skip'
             ORDER BY x""");
    List<String> rows =
        db.inTransaction(
            c ->
                select
                    .on(c)
                    .bindTexts("wanted", List.of("a", "b", "?"))
                    .bind("skip", "b")
                    .list(row -> row.requiredText("x")));
    assertThat(rows).containsExactly("?", "a");
  }

  @Test
  void shouldLeaveJsonbQuestionMarkOperatorsToTheServer(Database db) {
    Sql has =
        Sql.of("jsonb key test", "SELECT :doc::jsonb ? 'k' AS has, :doc::jsonb ?| :keys AS any");
    Map<String, @Nullable String> row =
        db.inTransaction(
            c ->
                has.on(c)
                    .bind("doc", "{\"k\": 1}")
                    .bindTexts("keys", List.of("z", "k"))
                    .single(Row::asText));
    assertThat(row).containsEntry("has", "t").containsEntry("any", "t");
  }

  @Test
  void shouldGiveAnAggregateOverNoRowsAsNull(Database db) {
    Instant none =
        db.inTransaction(
            c ->
                Sql.of("max over nothing", "SELECT max(x) AS at FROM unnest(:xs::timestamptz[]) x")
                    .on(c)
                    .bindTexts("xs", List.of())
                    .single(row -> row.nullableInstant("at")));
    assertThat(none).isNull();
  }

  @Test
  void shouldRunBatchesAndCountUpdates(Database db) {
    int changed =
        db.inTransaction(
            c -> {
              Sql.of("make table", "CREATE TEMP TABLE sql_it (id bigint, at timestamptz)")
                  .on(c)
                  .update();
              Sql.of("insert rows", "INSERT INTO sql_it VALUES (:id, :at)")
                  .on(c)
                  .bind("at", T)
                  .batch(List.of(1L, 2L, 3L), (call, id) -> call.bind("id", id));
              Optional<Long> none =
                  Sql.of("find", "SELECT id FROM sql_it WHERE id = :id")
                      .on(c)
                      .bind("id", 9L)
                      .first(row -> row.longValue("id"));
              assertThat(none).isEmpty();
              assertThat(
                      Sql.of("one", "UPDATE sql_it SET at = :at WHERE id = :id")
                          .on(c)
                          .bind("at", T)
                          .bind("id", 2L)
                          .updateAtMostOne())
                  .isTrue();
              return Sql.of("delete some", "DELETE FROM sql_it WHERE id = ANY (:ids)")
                  .on(c)
                  .bindLongs("ids", List.of(1L, 3L))
                  .update();
            });
    assertThat(changed).isEqualTo(2);
  }

  @Test
  void shouldRefuseAnUpdateOfMoreRowsThanOneWhereAtMostOneIsExpected(Database db) {
    assertThatThrownBy(
            () ->
                db.run(
                    c ->
                        Sql.of("touch every row", "UPDATE pg_temp_dummy SET x = 1")
                            .on(c)
                            .updateAtMostOne()))
        .isInstanceOf(DatabaseException.class)
        .hasMessageStartingWith("touch every row: ");
    assertThatThrownBy(
            () ->
                db.run(
                    c -> {
                      Sql.of("make table", "CREATE TEMP TABLE two (x int)").on(c).update();
                      Sql.of("fill", "INSERT INTO two VALUES (1), (2)").on(c).update();
                      Sql.of("set both", "UPDATE two SET x = 3").on(c).updateAtMostOne();
                    }))
        .isInstanceOf(DatabaseException.class)
        .hasMessage("set both updated 2 rows, expected at most one");
  }

  @Test
  void shouldNameThePurposeAndKeepTheCauseOnFailure(Database db) {
    assertThatThrownBy(
            () ->
                db.run(
                    c ->
                        Sql.of("read the missing table", "SELECT * FROM no_such_table")
                            .on(c)
                            .list(Row::asText)))
        .isInstanceOfSatisfying(
            DatabaseException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("read the missing table: ");
              assertThat(e.getCause()).isInstanceOf(SQLException.class);
              assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("42P01");
              assertThat(e.isUnavailable()).isFalse();
            });
  }

  @Test
  void shouldCallAStatementOnALostConnectionUnavailable(Database db) throws SQLException {
    Sql backend = Sql.of("read the backend pid", "SELECT pg_backend_pid() AS pid");
    try (Connection victim = db.dataSource().getConnection()) {
      int pid = backend.on(victim).single(row -> row.integer("pid"));
      db.run(
          c ->
              Sql.of("end the other backend", "SELECT pg_terminate_backend(:pid) AS ended")
                  .on(c)
                  .bind("pid", pid)
                  .single(row -> row.bool("ended")));
      assertThatThrownBy(() -> backend.on(victim).single(row -> row.integer("pid")))
          .isInstanceOfSatisfying(
              DatabaseException.class,
              e -> {
                assertThat(e.getMessage()).startsWith("read the backend pid: ");
                assertThat(e.isUnavailable()).isTrue();
              });
    }
  }

  @Test
  void shouldRefuseUnknownAndUnboundParameters(Database db) {
    Sql sql = Sql.of("two parameters", "SELECT :a::int + :b::int AS sum");
    assertThatThrownBy(() -> db.run(c -> sql.on(c).bind("c", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two parameters: no parameter :c");
    assertThatThrownBy(() -> db.run(c -> sql.on(c).bind("a", 1).single(r -> r.integer("sum"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("two parameters: parameter :b unbound");
    assertThatThrownBy(
            () -> db.run(c -> Sql.of("nothing", "SELECT 1 WHERE false").on(c).single(r -> 1)))
        .isInstanceOf(DatabaseException.class)
        .hasMessage("nothing: no row was returned");
  }
}
