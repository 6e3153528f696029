package dev.streampoller.cli;

import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.util.List;

/**
 * The statements {@code bench throughput} runs besides the daemon: tracking a batch of videos by
 * plain SQL INSERT (as a platform's backend would) and watching how many are still tracked.
 */
final class ThroughputQueries {
  private static final Sql TRACK_BATCH =
      Sql.of(
          "track a batch of videos by plain INSERT",
          """
          INSERT INTO tracked_video (account_id, video_uid)
          SELECT * FROM unnest(CAST(:accounts AS text[]), CAST(:videos AS text[]))
          """);

  private static final Sql ACTIVE =
      Sql.of(
          "count the run's videos still tracked",
          """
          SELECT count(*) AS n FROM tracked_video
           WHERE ended_at IS NULL AND video_uid LIKE :prefix
          """);

  private static final Sql END_LEFTOVERS =
      Sql.of(
          "untrack the run's videos still tracked at its end",
          """
          UPDATE tracked_video SET ended_at = now(), end_reason = 'untracked',
                 claimed_by = NULL, claimed_until = NULL
           WHERE ended_at IS NULL AND video_uid LIKE :prefix
          """);

  // A backlog in the outbox, as after an outage of the receiver: n due deliveries of download.ready
  // to the default endpoint, payloads shaped as the daemon's own.
  private static final Sql BACKLOG =
      Sql.of(
          "enqueue a backlog of deliveries to the default endpoint",
          """
          INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,
                                        payload, endpoint, target_url, created_at, state,
                                        next_attempt_at)
          SELECT 'msg_' || :prefix || g, 'download.ready', :account, :prefix || g, 'default',
                 jsonb_build_object(
                   'type', 'download.ready', 'timestamp', :at,
                   'data', jsonb_build_object(
                     'accountId', :account, 'videoId', :prefix || g, 'downloadType', 'default',
                     'status', 'ready', 'previousStatus', 'inprogress', 'percentComplete', 100.0,
                     'url', 'https://example.invalid/default.mp4', 'observedAt', :at,
                     'sequence', 1)),
                 'default', :target, now(), 'pending', now()
            FROM generate_series(1, :n) g
          """);

  private static final Sql SCRATCH_TABLE =
      Sql.of(
          "create the single-row UPDATE scratch table (bench only, outside the schema)",
          """
          CREATE TABLE IF NOT EXISTS bench_update_row (id integer PRIMARY KEY, n bigint NOT NULL)
          """);

  private static final Sql SCRATCH_ROWS =
      Sql.of(
          "fill the single-row UPDATE scratch table",
          """
          INSERT INTO bench_update_row (id, n) SELECT g, 0 FROM generate_series(1, :rows) g
          ON CONFLICT (id) DO NOTHING
          """);

  static final Sql SCRATCH_UPDATE =
      Sql.of("one single-row UPDATE", "UPDATE bench_update_row SET n = n + 1 WHERE id = :id");

  private static final Sql DROP_SCRATCH =
      Sql.of("drop the scratch table", "DROP TABLE IF EXISTS bench_update_row");

  private ThroughputQueries() {}

  /** Tracks the videos in one statement; returns how many rows were inserted. */
  static int track(Connection c, List<String> accounts, List<String> videos) {
    return TRACK_BATCH.on(c).bindTexts("accounts", accounts).bindTexts("videos", videos).update();
  }

  static long active(Connection c, String run) {
    return ACTIVE.on(c).bind("prefix", run + "%").single(row -> row.longValue("n"));
  }

  /** Untracks what the run left: its accounts are not configured in any later run. */
  static int endLeftovers(Connection c, String run) {
    return END_LEFTOVERS.on(c).bind("prefix", run + "%").update();
  }

  /** Enqueues {@code n} deliveries whose video uids start with {@code prefix}. */
  static int backlog(Connection c, String prefix, String account, String target, String at, int n) {
    return BACKLOG
        .on(c)
        .bind("prefix", prefix)
        .bind("account", account)
        .bind("target", target)
        .bind("at", at)
        .bind("n", n)
        .update();
  }

  static void createScratch(Connection c, int rows) {
    SCRATCH_TABLE.on(c).update();
    SCRATCH_ROWS.on(c).bind("rows", rows).update();
  }

  static void dropScratch(Connection c) {
    DROP_SCRATCH.on(c).update();
  }
}
