package dev.streampoller.webhook;

import static dev.streampoller.db.Jdbc.requiredInstant;
import static dev.streampoller.db.Jdbc.setInstant;
import static dev.streampoller.db.Jdbc.setInteger;
import static dev.streampoller.db.Jdbc.ts;

import dev.streampoller.db.Jdbc;
import dev.streampoller.tracking.VideoKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code webhook_delivery}, the outbox. Runs in the caller's transaction. */
public final class DeliveryRepository {

  // Dead at once when its endpoint is disabled (a 410): nothing would ever send it, and the
  // operator finds it with the others (`deliveries --state dead`) to redeliver after enabling.
  private static final String ENQUEUE =
      """
      INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,
                                    payload, endpoint, target_url, created_at,
                                    state, next_attempt_at, last_error)
      SELECT ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?,
             CASE WHEN e.name IS NULL THEN 'pending' ELSE 'dead' END,
             CASE WHEN e.name IS NULL THEN ?::timestamptz END,
             'endpoint disabled: ' || e.disabled_reason
        FROM (SELECT 1) AS one
        LEFT JOIN webhook_endpoint e ON e.name = ? AND e.disabled_at IS NOT NULL
      """;

  // At most perEndpoint rows of each lane (an endpoint, or one callback URL), so one lane's
  // backlog cannot fill a batch; lanes busy in this instance, endpoints unknown to it or disabled
  // are left alone. The conditions are repeated on the locked row (w): PostgreSQL rechecks only
  // those after waiting for a lock, and a row claimed meanwhile must not be claimed twice.
  private static final String CLAIM_DUE =
      """
      UPDATE webhook_delivery d SET claimed_by = ?, claimed_until = ?
       WHERE d.id IN (
             SELECT w.id FROM webhook_delivery w
              WHERE w.id IN (
                    SELECT ranked.id FROM (
                           SELECT c.id, row_number() OVER (
                                    PARTITION BY %1$s ORDER BY c.next_attempt_at, c.id) AS n
                             FROM webhook_delivery c
                            WHERE c.state = 'pending' AND c.next_attempt_at <= ?
                              AND (c.claimed_until IS NULL OR c.claimed_until < ?)
                              AND c.endpoint = ANY (?) AND %1$s <> ALL (?)
                              AND NOT EXISTS (SELECT 1 FROM webhook_endpoint e
                                               WHERE e.name = c.endpoint
                                                 AND e.disabled_at IS NOT NULL)) ranked
                     WHERE ranked.n <= ?)
                AND w.state = 'pending' AND w.next_attempt_at <= ?
                AND (w.claimed_until IS NULL OR w.claimed_until < ?)
                FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.event_id, d.event_type, d.payload::text AS payload, d.endpoint,
                d.target_url, d.attempts, d.created_at, d.account_id, d.video_uid
      """
          .formatted(
              Delivery.LANE_SQL
                  .replace("endpoint", "c.endpoint")
                  .replace("target_url", "c.target_url"));

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

  /** Adds an event to the outbox, due at once; dead at once if its endpoint is disabled. */
  public void enqueue(
      Connection c,
      String eventId,
      String eventType,
      VideoKey key,
      String downloadType,
      String payloadJson,
      String endpoint,
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
      ps.setString(7, endpoint);
      ps.setString(8, target.toString());
      ps.setObject(9, ts(createdAt));
      ps.setObject(10, ts(createdAt));
      ps.setString(11, endpoint);
      ps.executeUpdate();
    }
  }

  /**
   * Claims due deliveries with a lease, at most {@code perEndpoint} of each lane ({@link
   * Delivery#lane()}) of the {@code endpoints} that is not in {@code busy} and not disabled; locked
   * rows are skipped.
   */
  public List<Delivery> claimDue(
      Connection c,
      String owner,
      Instant now,
      Duration lease,
      int perEndpoint,
      Collection<String> endpoints,
      Collection<String> busy)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CLAIM_DUE)) {
      ps.setString(1, owner);
      ps.setObject(2, ts(now.plus(lease)));
      ps.setObject(3, ts(now));
      ps.setObject(4, ts(now));
      ps.setArray(5, c.createArrayOf("text", endpoints.toArray()));
      ps.setArray(6, c.createArrayOf("text", busy.toArray()));
      ps.setInt(7, perEndpoint);
      ps.setObject(8, ts(now));
      ps.setObject(9, ts(now));
      List<Delivery> claimed = new ArrayList<>();
      List<Long> unusable = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          URI target;
          try {
            target = new URI(rs.getString("target_url"));
          } catch (URISyntaxException e) {
            unusable.add(rs.getLong("id"));
            continue;
          }
          claimed.add(
              new Delivery(
                  rs.getLong("id"),
                  rs.getString("event_id"),
                  rs.getString("event_type"),
                  rs.getString("payload"),
                  rs.getString("endpoint"),
                  target,
                  rs.getInt("attempts"),
                  requiredInstant(rs, "created_at"),
                  rs.getString("account_id"),
                  rs.getString("video_uid")));
        }
      }
      markUnusable(c, unusable);
      return claimed;
    }
  }

  private static final String UNUSABLE =
      """
      UPDATE webhook_delivery
         SET state = 'dead', next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL,
             last_error = 'target_url is not a valid URL'
       WHERE id = ANY (?)
      """;

  /** A row whose URL cannot be parsed (inserted by hand) is dead, not a reason to stop. */
  private static void markUnusable(Connection c, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(UNUSABLE)) {
      ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      ps.executeUpdate();
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
