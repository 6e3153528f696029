package dev.streampoller.webhook;

import static dev.streampoller.db.Jdbc.requiredInstant;
import static dev.streampoller.db.Jdbc.setInstant;
import static dev.streampoller.db.Jdbc.setInteger;
import static dev.streampoller.db.Jdbc.ts;

import dev.streampoller.db.Jdbc;
import dev.streampoller.tracking.VideoKey;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code webhook_delivery}, the outbox. Runs in the caller's transaction. */
public final class DeliveryRepository {

  private static final String ENQUEUE =
      """
      INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,
                                    payload, target_url, created_at, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
      """;

  private static final String CLAIM_DUE =
      """
      UPDATE webhook_delivery d SET claimed_by = ?, claimed_until = ?
       WHERE d.id IN (SELECT w.id FROM webhook_delivery w
                       WHERE w.state = 'pending' AND w.next_attempt_at <= ?
                         AND (w.claimed_until IS NULL OR w.claimed_until < ?)
                       ORDER BY w.next_attempt_at
                       LIMIT ?
                         FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.event_id, d.event_type, d.payload::text AS payload, d.target_url,
                d.attempts, d.created_at
      """;

  private static final String DELIVERED =
      """
      UPDATE webhook_delivery
         SET state = 'delivered', delivered_at = ?, last_attempt_at = ?, attempts = attempts + 1,
             last_http_status = ?, last_error = NULL, next_attempt_at = NULL,
             claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND claimed_by = ?
      """;

  private static final String FAILED =
      """
      UPDATE webhook_delivery
         SET state = CASE WHEN ?::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
             next_attempt_at = ?, last_attempt_at = ?, attempts = attempts + 1,
             last_http_status = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND claimed_by = ?
      """;

  private static final String FIND_BY_VIDEO =
      """
      SELECT id, event_id, event_type, download_type, state, attempts, next_attempt_at,
             delivered_at, last_http_status, last_error
        FROM webhook_delivery
       WHERE account_id = ? AND video_uid = ?
       ORDER BY id
      """;

  private static final String RENEW =
      """
      UPDATE webhook_delivery SET claimed_until = ?
       WHERE id = ? AND claimed_by = ? AND state = 'pending'
      """;

  private static final String RELEASE =
      """
      UPDATE webhook_delivery SET claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND claimed_by = ?
      """;

  /** Adds an event to the outbox, due at once. */
  public void enqueue(
      Connection c,
      String eventId,
      String eventType,
      VideoKey key,
      String downloadType,
      String payloadJson,
      URI target,
      Instant createdAt)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ENQUEUE)) {
      ps.setString(1, eventId);
      ps.setString(2, eventType);
      ps.setString(3, key.accountId());
      ps.setString(4, key.videoUid());
      ps.setString(5, downloadType);
      ps.setString(6, payloadJson);
      ps.setString(7, target.toString());
      ps.setObject(8, ts(createdAt));
      ps.setObject(9, ts(createdAt));
      ps.executeUpdate();
    }
  }

  /** Every delivery of a video, oldest first. */
  public List<DeliveryView> findByVideo(Connection c, VideoKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND_BY_VIDEO)) {
      ps.setString(1, key.accountId());
      ps.setString(2, key.videoUid());
      List<DeliveryView> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new DeliveryView(
                  rs.getLong("id"),
                  rs.getString("event_id"),
                  rs.getString("event_type"),
                  rs.getString("download_type"),
                  rs.getString("state"),
                  rs.getInt("attempts"),
                  Jdbc.instant(rs, "next_attempt_at"),
                  Jdbc.instant(rs, "delivered_at"),
                  Jdbc.nullableInteger(rs, "last_http_status"),
                  rs.getString("last_error")));
        }
      }
      return result;
    }
  }

  /** Claims up to {@code limit} due deliveries with a lease; locked rows are skipped. */
  public List<Delivery> claimDue(Connection c, String owner, Instant now, Duration lease, int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CLAIM_DUE)) {
      ps.setString(1, owner);
      ps.setObject(2, ts(now.plus(lease)));
      ps.setObject(3, ts(now));
      ps.setObject(4, ts(now));
      ps.setInt(5, limit);
      List<Delivery> claimed = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          claimed.add(
              new Delivery(
                  rs.getLong("id"),
                  rs.getString("event_id"),
                  rs.getString("event_type"),
                  rs.getString("payload"),
                  URI.create(rs.getString("target_url")),
                  rs.getInt("attempts"),
                  requiredInstant(rs, "created_at")));
        }
      }
      return claimed;
    }
  }

  /** Extends a claim right before sending; false when it was lost (then do not send). */
  public boolean renewClaim(Connection c, long id, String owner, Instant until)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RENEW)) {
      ps.setObject(1, ts(until));
      ps.setLong(2, id);
      ps.setString(3, owner);
      return Jdbc.updatedOne(ps.executeUpdate(), "renew claim of delivery " + id);
    }
  }

  /** Gives a claimed delivery back unsent, due as before. */
  public boolean release(Connection c, long id, String owner) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
      ps.setLong(1, id);
      ps.setString(2, owner);
      return Jdbc.updatedOne(ps.executeUpdate(), "release delivery " + id);
    }
  }

  /** Marks a delivery done; false when this owner's claim was lost meanwhile. */
  public boolean markDelivered(Connection c, long id, String owner, Instant now, int httpStatus)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELIVERED)) {
      ps.setObject(1, ts(now));
      ps.setObject(2, ts(now));
      ps.setInt(3, httpStatus);
      ps.setLong(4, id);
      ps.setString(5, owner);
      return Jdbc.updatedOne(ps.executeUpdate(), "mark delivery " + id + " delivered");
    }
  }

  /**
   * Records a failed attempt: due again at {@code nextAttemptAt}, or dead when that is null (the
   * retry schedule is exhausted). False when this owner's claim was lost meanwhile.
   */
  public boolean markFailed(
      Connection c,
      long id,
      String owner,
      Instant now,
      @Nullable Integer httpStatus,
      String error,
      @Nullable Instant nextAttemptAt)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FAILED)) {
      setInstant(ps, 1, nextAttemptAt);
      setInstant(ps, 2, nextAttemptAt);
      ps.setObject(3, ts(now));
      setInteger(ps, 4, httpStatus);
      ps.setString(5, error);
      ps.setLong(6, id);
      ps.setString(7, owner);
      return Jdbc.updatedOne(ps.executeUpdate(), "record failed delivery " + id);
    }
  }
}
