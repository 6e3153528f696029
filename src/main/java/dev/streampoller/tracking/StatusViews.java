package dev.streampoller.tracking;

import dev.streampoller.db.Row;
import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Read-side questions answered from the public views ({@code video_status}, {@code
 * download_time_to_ready}), as an operator would ask them: for the demo and the real-time
 * benchmark's report. Runs in the caller's transaction.
 */
public final class StatusViews {

  /**
   * What the demo shows at the end, as queries a person can run: the views first, then the history
   * and the outbox, which no view shows row by row.
   */
  public static final List<Sql> DEMO_SUMMARY =
      List.of(
          Sql.of(
              "show tracked videos",
              """
              SELECT video_uid, tracking, end_reason, polls, downloads, last_error
                FROM video_status ORDER BY tracked_since"""),
          Sql.of(
              "show how long downloads took",
              """
              SELECT video_uid, download_type, outcome, time_to_finish, transitions
                FROM download_time_to_ready ORDER BY video_uid, download_type"""),
          Sql.of(
              "show recent transitions",
              """
              SELECT video_uid, download_type, sequence, from_status, to_status, to_percent_complete
                FROM download_transition ORDER BY id DESC LIMIT 8"""),
          Sql.of(
              "show webhook deliveries",
              """
              SELECT event_id, event_type, video_uid, state, attempts, last_http_status
                FROM webhook_delivery ORDER BY id"""),
          Sql.of(
              "show what auto-track did",
              """
              SELECT account_id, cursor, videos_found, list_requests, consecutive_failures,
                     last_error
                FROM discovery_status"""));

  private static final Sql FIRST_FINISHED =
      Sql.of(
          "find when a video's first download finished",
          """
          SELECT min(finished_at) AS at FROM download_time_to_ready WHERE video_uid = :video
          """);

  private static final Sql COUNT_ACTIVE_LIKE =
      Sql.of(
          "count active videos by uid pattern",
          """
          SELECT count(*) AS n FROM video_status
           WHERE tracking = 'active' AND video_uid LIKE :pattern
          """);

  /** The first {@code limit} rows of {@code query}, each column as text. */
  public List<Map<String, @Nullable String>> sample(Connection c, Sql query, int limit) {
    List<Map<String, @Nullable String>> rows = query.on(c).list(Row::asText);
    return rows.subList(0, Math.min(limit, rows.size()));
  }

  /**
   * When a download of the video (of any account) was first seen {@code ready} or {@code error};
   * empty if none was yet.
   */
  public Optional<Instant> firstFinished(Connection c, String videoUid) {
    return Optional.ofNullable(
        FIRST_FINISHED.on(c).bind("video", videoUid).single(row -> row.nullableInstant("at")));
  }

  /** How many videos whose uid matches the LIKE {@code pattern} are still tracked. */
  public long countActive(Connection c, String uidPattern) {
    return COUNT_ACTIVE_LIKE.on(c).bind("pattern", uidPattern).single(row -> row.longValue("n"));
  }
}
