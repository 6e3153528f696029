package dev.streampoller.db;

import static dev.streampoller.db.ViewSql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The views are a user interface like the tables: each view and column says what it holds. */
@ExtendWith(PostgresExtension.class)
class ViewCommentsIT {

  @Test
  void shouldProvideTheDocumentedViews(Database db) {
    var views =
        db.inTransaction(
            c ->
                rows(
                    c,
                    "SELECT table_name FROM information_schema.views "
                        + "WHERE table_schema = current_schema()"));

    assertThat(views)
        .extracting(row -> row.get("table_name"))
        .containsExactlyInAnyOrder(
            "video_status",
            "download_time_to_ready",
            "failed_delivery",
            "delivery_backlog",
            "poll_budget",
            "discovery_status");
  }

  @Test
  void shouldCommentEveryView(Database db) {
    var uncommented =
        db.inTransaction(
            c ->
                rows(
                    c,
                    """
                    SELECT v.relname FROM pg_class v
                     WHERE v.relkind = 'v' AND v.relnamespace = current_schema()::regnamespace
                       AND coalesce(obj_description(v.oid, 'pg_class'), '') = ''"""));

    assertThat(uncommented).isEmpty();
  }

  @Test
  void shouldCommentEveryColumnOfEveryView(Database db) {
    var uncommented =
        db.inTransaction(
            c ->
                rows(
                    c,
                    """
                    SELECT v.relname, a.attname FROM pg_class v
                      JOIN pg_attribute a ON a.attrelid = v.oid AND a.attnum > 0
                     WHERE v.relkind = 'v' AND v.relnamespace = current_schema()::regnamespace
                       AND coalesce(col_description(v.oid, a.attnum), '') = ''"""));

    assertThat(uncommented).isEmpty();
  }
}
