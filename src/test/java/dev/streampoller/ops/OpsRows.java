package dev.streampoller.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Rows inserted the way an operator or the daemon would, for the gauges to count. */
final class OpsRows {
  private static int deliveries;

  private OpsRows() {}

  static void trackedVideo(DataSource ds, String uid, @Nullable String endReason) {
    update(
        ds,
        """
        INSERT INTO tracked_video (account_id, video_uid, ended_at, end_reason)
        VALUES ('acc1', ?, CASE WHEN ?::text IS NULL THEN NULL ELSE now() END, ?)
        """,
        uid,
        endReason,
        endReason);
  }

  /** A delivery in {@code state} (pending, delivered or dead) created at {@code createdAt}. */
  static void delivery(DataSource ds, String state, Instant createdAt) {
    deliveries++;
    Timestamp created = Timestamp.from(createdAt);
    update(
        ds,
        """
        INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,
            payload, target_url, state, created_at, next_attempt_at, delivered_at, endpoint)
        VALUES (?, 'download.ready', 'acc1', 'vid1', 'default', '{}', 'https://example.com/h', ?,
            ?, CASE WHEN ? = 'pending' THEN ?::timestamptz END,
            CASE WHEN ? = 'delivered' THEN ?::timestamptz END, 'default')
        """,
        "msg_test" + String.format("%08d", deliveries),
        state,
        created,
        state,
        created,
        state,
        created);
  }

  static void budget(
      DataSource ds, String credential, double tokens, double capacity, double refill, Instant at) {
    update(
        ds,
        """
        INSERT INTO request_budget (credential_id, tokens, capacity, refill_per_second, updated_at)
        VALUES (?, ?, ?, ?, ?)
        """,
        credential,
        tokens,
        capacity,
        refill,
        Timestamp.from(at));
  }

  private static void update(DataSource ds, String sql, @Nullable Object... values) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
