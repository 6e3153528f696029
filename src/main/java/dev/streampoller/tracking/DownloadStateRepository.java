package dev.streampoller.tracking;

import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code download_state}: the current state of each download. Runs in the caller's transaction. */
public final class DownloadStateRepository {

  private static final Sql FIND_BY_VIDEO =
      Sql.of(
          "read a video's downloads",
          """
          SELECT download_type, status, percent_complete, url, sequence, first_seen_at
            FROM download_state
           WHERE account_id = :account AND video_uid = :video
           ORDER BY download_type
          """);

  // changed_at moves only when the sequence does, i.e. when a transition was recorded.
  private static final Sql UPSERT =
      Sql.of(
          "store a video's downloads",
          """
          INSERT INTO download_state (account_id, video_uid, download_type, status,
                                      percent_complete, url, sequence, first_seen_at, changed_at,
                                      last_observed_at)
          VALUES (:account, :video, :type, :status, :percent, :url, :sequence, :firstSeenAt,
                  :observedAt, :observedAt)
          ON CONFLICT (account_id, video_uid, download_type) DO UPDATE
             SET status = EXCLUDED.status, percent_complete = EXCLUDED.percent_complete,
                 url = EXCLUDED.url, sequence = EXCLUDED.sequence,
                 changed_at = CASE WHEN download_state.sequence <> EXCLUDED.sequence
                                   THEN EXCLUDED.changed_at ELSE download_state.changed_at END,
                 last_observed_at = EXCLUDED.last_observed_at
          """);

  /** The stored downloads of a video, by type. */
  public Map<String, StoredDownload> findByVideo(Connection c, VideoKey key) {
    Map<String, StoredDownload> result = new LinkedHashMap<>();
    FIND_BY_VIDEO
        .on(c)
        .bind("account", key.accountId())
        .bind("video", key.videoUid())
        .list(
            row ->
                new StoredDownload(
                    new DownloadSnapshot(
                        row.requiredText("download_type"),
                        row.requiredText("status"),
                        row.nullableDouble("percent_complete"),
                        row.text("url")),
                    row.integer("sequence"),
                    row.instant("first_seen_at")))
        .forEach(stored -> result.put(stored.snapshot().type(), stored));
    return result;
  }

  /** Stores the state after a poll observed at {@code observedAt}. */
  public void save(Connection c, VideoKey key, List<StoredDownload> state, Instant observedAt) {
    UPSERT
        .on(c)
        .bind("account", key.accountId())
        .bind("video", key.videoUid())
        .bind("observedAt", observedAt)
        .batch(
            state,
            (call, stored) ->
                call.bind("type", stored.snapshot().type())
                    .bind("status", stored.snapshot().status())
                    .bind("percent", stored.snapshot().percentComplete())
                    .bind("url", stored.snapshot().url())
                    .bind("sequence", stored.sequence())
                    .bind("firstSeenAt", stored.firstSeenAt()));
  }
}
