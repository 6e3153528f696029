package dev.streampoller.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plain-SQL fixtures for the view tests. Times are given in minutes before {@code now()}, and each
 * test inserts and reads in one transaction, so {@code now()} is the same instant for both and the
 * ages the views compute are exact.
 */
final class ViewSql {
  static final String ACCOUNT = "acc1";

  private ViewSql() {}

  static void exec(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      s.execute();
    }
  }

  /** Every row of {@code sql}, each as a map from column label to value (nulls kept). */
  static List<Map<String, @Nullable Object>> rows(
      Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      try (ResultSet rs = s.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, @Nullable Object>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, @Nullable Object> row = new HashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  static void video(Connection c, String uid) throws SQLException {
    exec(c, "INSERT INTO tracked_video (account_id, video_uid) VALUES (?, ?)", ACCOUNT, uid);
  }

  static void endVideo(Connection c, String uid, String reason) throws SQLException {
    exec(
        c,
        "UPDATE tracked_video SET ended_at = now(), end_reason = ? WHERE video_uid = ?",
        reason,
        uid);
  }

  /** A download's current state; its transitions are added with {@link #transition}. */
  static void download(
      Connection c,
      String uid,
      String type,
      String status,
      @Nullable Double percent,
      int sequence,
      int firstSeenMinutesAgo)
      throws SQLException {
    exec(
        c,
        """
        INSERT INTO download_state (account_id, video_uid, download_type, status, percent_complete,
            sequence, first_seen_at, changed_at, last_observed_at)
        VALUES (?, ?, ?, ?, ?, ?, now() - make_interval(mins => ?), now(), now())""",
        ACCOUNT,
        uid,
        type,
        status,
        percent,
        sequence,
        firstSeenMinutesAgo);
  }

  static void transition(
      Connection c,
      String uid,
      String type,
      int sequence,
      int minutesAgo,
      @Nullable String from,
      String to,
      @Nullable Double percent)
      throws SQLException {
    exec(
        c,
        """
        INSERT INTO download_transition (account_id, video_uid, download_type, sequence,
            observed_at, from_status, to_status, to_percent_complete)
        VALUES (?, ?, ?, ?, now() - make_interval(mins => ?), ?, ?, ?)""",
        ACCOUNT,
        uid,
        type,
        sequence,
        minutesAgo,
        from,
        to,
        percent);
  }

  /**
   * A delivery of event {@code msg_<eventSuffix>} to {@code endpoint}; pending ones are due in a
   * minute, delivered ones were delivered now.
   */
  static void delivery(
      Connection c, String eventSuffix, String endpoint, String state, int attempts, int minutesAgo)
      throws SQLException {
    exec(
        c,
        """
        INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,
            payload, endpoint, target_url, state, created_at, attempts, next_attempt_at,
            last_attempt_at, last_http_status, last_error, delivered_at)
        VALUES ('msg_' || ?, 'download.ready', ?, 'v1', 'default', '{}', ?,
            'https://user:pw@hooks.example/x', ?, now() - make_interval(mins => ?), ?,
            CASE WHEN ? = 'pending' THEN now() + interval '1 minute' END,
            CASE WHEN ? > 0 THEN now() END,
            CASE WHEN ? > 0 THEN 503 END,
            CASE WHEN ? > 0 THEN 'HTTP 503' END,
            CASE WHEN ? = 'delivered' THEN now() END)""",
        eventSuffix,
        ACCOUNT,
        endpoint,
        state,
        minutesAgo,
        attempts,
        state,
        attempts,
        attempts,
        attempts,
        state);
  }

  private static void bind(PreparedStatement s, @Nullable Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
  }
}
