package dev.streampoller.tracking;

import static dev.streampoller.db.Jdbc.nullableDouble;
import static dev.streampoller.db.Jdbc.requiredInstant;
import static dev.streampoller.db.Jdbc.setDouble;
import static dev.streampoller.db.Jdbc.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code download_state}: the current state of each download. Runs in the caller's transaction. */
public final class DownloadStateRepository {

  private static final String FIND_BY_VIDEO =
      """
      SELECT download_type, status, percent_complete, url, sequence, first_seen_at
        FROM download_state
       WHERE account_id = ? AND video_uid = ?
       ORDER BY download_type
      """;

  // changed_at moves only when the sequence does, i.e. when a transition was recorded.
  private static final String UPSERT =
      """
      INSERT INTO download_state (account_id, video_uid, download_type, status, percent_complete,
                                  url, sequence, first_seen_at, changed_at, last_observed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, video_uid, download_type) DO UPDATE
         SET status = EXCLUDED.status, percent_complete = EXCLUDED.percent_complete,
             url = EXCLUDED.url, sequence = EXCLUDED.sequence,
             changed_at = CASE WHEN download_state.sequence <> EXCLUDED.sequence
                               THEN EXCLUDED.changed_at ELSE download_state.changed_at END,
             last_observed_at = EXCLUDED.last_observed_at
      """;

  /** The stored downloads of a video, by type. */
  public Map<String, StoredDownload> findByVideo(Connection c, VideoKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND_BY_VIDEO)) {
      ps.setString(1, key.accountId());
      ps.setString(2, key.videoUid());
      Map<String, StoredDownload> result = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          DownloadSnapshot snapshot =
              new DownloadSnapshot(
                  rs.getString("download_type"),
                  rs.getString("status"),
                  nullableDouble(rs, "percent_complete"),
                  rs.getString("url"));
          result.put(
              snapshot.type(),
              new StoredDownload(
                  snapshot, rs.getInt("sequence"), requiredInstant(rs, "first_seen_at")));
        }
      }
      return result;
    }
  }

  /** Stores the state after a poll observed at {@code observedAt}. */
  public void save(Connection c, VideoKey key, List<StoredDownload> state, Instant observedAt)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (StoredDownload stored : state) {
        DownloadSnapshot snapshot = stored.snapshot();
        ps.setString(1, key.accountId());
        ps.setString(2, key.videoUid());
        ps.setString(3, snapshot.type());
        ps.setString(4, snapshot.status());
        setDouble(ps, 5, snapshot.percentComplete());
        ps.setString(6, snapshot.url());
        ps.setInt(7, stored.sequence());
        ps.setObject(8, ts(stored.firstSeenAt()));
        ps.setObject(9, ts(observedAt));
        ps.setObject(10, ts(observedAt));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
