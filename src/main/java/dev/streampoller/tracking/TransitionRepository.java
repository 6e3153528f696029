package dev.streampoller.tracking;

import static dev.streampoller.db.Jdbc.nullableDouble;
import static dev.streampoller.db.Jdbc.requiredInstant;
import static dev.streampoller.db.Jdbc.setDouble;
import static dev.streampoller.db.Jdbc.ts;

import dev.streampoller.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code download_transition}: the append-only history. Runs in the caller's transaction. */
public final class TransitionRepository {

  private static final String INSERT =
      """
      INSERT INTO download_transition (account_id, video_uid, download_type, sequence, observed_at,
                                       from_status, to_status, from_percent_complete,
                                       to_percent_complete, from_url, to_url)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;

  private static final String RECENT =
      """
      SELECT download_type, sequence, observed_at, from_status, to_status,
             from_percent_complete, to_percent_complete, from_url, to_url
        FROM download_transition
       WHERE account_id = ? AND video_uid = ?
       ORDER BY observed_at DESC, id DESC
       LIMIT ?
      """;

  // Transitions that owed an event (Transition#becameTerminal), before the given sequence.
  private static final String LAST_TERMINAL_BEFORE =
      """
      SELECT max(observed_at) AS at
        FROM download_transition
       WHERE account_id = ? AND video_uid = ? AND download_type = ? AND sequence < ?
         AND to_status IN ('ready', 'error')
         AND (from_status IS NULL OR from_status <> to_status)
      """;

  public void insertAll(Connection c, VideoKey key, List<Transition> transitions)
      throws SQLException {
    if (transitions.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (Transition t : transitions) {
        DownloadSnapshot before = t.before();
        ps.setString(1, key.accountId());
        ps.setString(2, key.videoUid());
        ps.setString(3, t.downloadType());
        ps.setInt(4, t.sequence());
        ps.setObject(5, ts(t.observedAt()));
        ps.setString(6, before == null ? null : before.status());
        ps.setString(7, t.after().status());
        setDouble(ps, 8, before == null ? null : before.percentComplete());
        setDouble(ps, 9, t.after().percentComplete());
        ps.setString(10, before == null ? null : before.url());
        ps.setString(11, t.after().url());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * When the download last became {@code ready} or {@code error} ({@link
   * Transition#becameTerminal()}) before its transition {@code sequence}; empty if it never did.
   */
  public Optional<Instant> lastTerminalBefore(
      Connection c, VideoKey key, String downloadType, int sequence) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LAST_TERMINAL_BEFORE)) {
      ps.setString(1, key.accountId());
      ps.setString(2, key.videoUid());
      ps.setString(3, downloadType);
      ps.setInt(4, sequence);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.ofNullable(Jdbc.instant(rs, "at"));
      }
    }
  }

  /** The most recent transitions of a video, newest first. */
  public List<Transition> recent(Connection c, VideoKey key, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RECENT)) {
      ps.setString(1, key.accountId());
      ps.setString(2, key.videoUid());
      ps.setInt(3, limit);
      List<Transition> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString("download_type");
          String fromStatus = rs.getString("from_status");
          @Nullable DownloadSnapshot before =
              fromStatus == null
                  ? null
                  : new DownloadSnapshot(
                      type,
                      fromStatus,
                      nullableDouble(rs, "from_percent_complete"),
                      rs.getString("from_url"));
          DownloadSnapshot after =
              new DownloadSnapshot(
                  type,
                  rs.getString("to_status"),
                  nullableDouble(rs, "to_percent_complete"),
                  rs.getString("to_url"));
          result.add(
              new Transition(
                  type, rs.getInt("sequence"), before, after, requiredInstant(rs, "observed_at")));
        }
      }
      return result;
    }
  }
}
