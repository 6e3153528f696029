package dev.streampoller.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampoller.db.Sql;
import dev.streampoller.db.SqlCall;
import dev.streampoller.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each statement of a poll that addresses one active video by its key reads that one row, not its
 * account's: the way a bulk INSERT leaves the table, thousands of rows that no ANALYZE has counted
 * yet, as after {@code bench throughput} tracks 100,000 videos or a user tracks a backlog by SQL.
 *
 * <p>Checked to fail with V11's claim index on {@code account_id} alone: with every estimate at one
 * row, the planner took that smaller partial index for the renewal and the row lock (their {@code
 * ended_at IS NULL} matches its predicate) and read all 2,000 of the account's entries, about 400
 * buffers a statement at 100,000 tracked over 250 accounts (pg_stat_statements, issue 11).
 */
@ExtendWith(PostgresExtension.class)
class PointLookupIT {
  private static final int ACCOUNT_VIDEOS = 2000;

  /** A point lookup reads a few index pages and the row's page; a scan of the account, hundreds. */
  private static final int MOST_BUFFERS = 12;

  @Test
  void shouldReadOneVideoByItsKeyWithoutStatistics(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      // As a bulk INSERT leaves it until autovacuum comes by: no statistics for these rows.
      s.execute("ALTER TABLE tracked_video SET (autovacuum_enabled = false)");
      s.execute(
          "INSERT INTO tracked_video (account_id, video_uid, claimed_by, claimed_until)"
              + " SELECT 'acct', 'v' || g, 'owner', now() + interval '1 minute'"
              + " FROM generate_series(1, "
              + ACCOUNT_VIDEOS
              + ") g");
      for (Sql statement : TrackedVideoRepository.ONE_ACTIVE_VIDEO) {
        JsonNode plan = explain(c, statement);

        assertThat(plan.path("Actual Rows").asLong())
            .as("%s: the one video", statement.purpose())
            .isEqualTo(statement.text().contains("FOR UPDATE") ? 1 : 0);
        assertThat(sharedBuffers(plan))
            .as(
                "%s: buffers read; index %s, rows removed by its filter %s",
                statement.purpose(),
                plan.findValuesAsText("Index Name"),
                plan.findValuesAsText("Rows Removed by Filter"))
            .isLessThanOrEqualTo(MOST_BUFFERS);
      }
      c.rollback();
    }
  }

  private static JsonNode explain(Connection c, Sql statement) throws Exception {
    SqlCall call =
        Sql.of(
                "explain " + statement.purpose(),
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement.text())
            .on(c)
            .bind("account", "acct")
            .bind("video", "v" + (ACCOUNT_VIDEOS / 2));
    Instant now = Instant.now();
    for (String name : new String[] {"owner", "until", "now"}) {
      if (statement.text().contains(":" + name)) {
        call = name.equals("owner") ? call.bind(name, "owner") : call.bind(name, now);
      }
    }
    String json = call.single(row -> row.requiredText("QUERY PLAN"));
    return new ObjectMapper().readTree(json).get(0).get("Plan");
  }

  /** Shared buffers the statement touched, hit or read, over its whole plan. */
  private static long sharedBuffers(JsonNode plan) {
    return plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
  }
}
