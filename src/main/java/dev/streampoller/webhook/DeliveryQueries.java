package dev.streampoller.webhook;

import static dev.streampoller.db.Jdbc.ts;

import dev.streampoller.db.Jdbc;
import dev.streampoller.tracking.VideoKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The operator's view of the outbox: listing deliveries and re-queueing them. A re-queued delivery
 * keeps its event id, so receivers that already processed it drop it as a duplicate.
 */
public final class DeliveryQueries {

  /** Which deliveries to list; null fields do not filter. */
  public record Filter(
      @Nullable VideoKey video, @Nullable String endpoint, @Nullable String state, int limit) {}

  private static final String LIST =
      """
      SELECT id, event_id, event_type, endpoint, account_id, video_uid, download_type, state,
             attempts, next_attempt_at, delivered_at, last_http_status, last_error
        FROM webhook_delivery
       WHERE (?::text IS NULL OR (account_id = ? AND video_uid = ?))
         AND (?::text IS NULL OR endpoint = ?)
         AND (?::text IS NULL OR state = ?)
       ORDER BY id DESC
       LIMIT ?
      """;

  // A delivery being sent right now (live claim) is left alone: re-queueing it would let a second
  // worker send it at the same time. So is one of a disabled endpoint: nothing would send it, and
  // the next round would mark it dead again; the endpoint is enabled first.
  private static final String REQUEUE =
      """
      UPDATE webhook_delivery
         SET state = 'pending', next_attempt_at = ?, attempts = 0, delivered_at = NULL,
             claimed_by = NULL, claimed_until = NULL
       WHERE (claimed_until IS NULL OR claimed_until < ?)
         AND NOT EXISTS (SELECT 1 FROM webhook_endpoint e
                          WHERE e.name = webhook_delivery.endpoint AND e.disabled_at IS NOT NULL)
         AND
      """;

  private static final String COUNTS =
      """
      SELECT state, count(*) AS n FROM webhook_delivery GROUP BY state ORDER BY state
      """;

  /** Deliveries by state. */
  public Map<String, Long> countsByState(Connection c) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(COUNTS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString("state"), rs.getLong("n"));
      }
    }
    return counts;
  }

  public List<DeliveryView> list(Connection c, Filter filter) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LIST)) {
      VideoKey video = filter.video();
      ps.setString(1, video == null ? null : video.videoUid());
      ps.setString(2, video == null ? null : video.accountId());
      ps.setString(3, video == null ? null : video.videoUid());
      ps.setString(4, filter.endpoint());
      ps.setString(5, filter.endpoint());
      ps.setString(6, filter.state());
      ps.setString(7, filter.state());
      ps.setInt(8, filter.limit());
      List<DeliveryView> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(
              new DeliveryView(
                  rs.getLong("id"),
                  rs.getString("event_id"),
                  rs.getString("event_type"),
                  rs.getString("endpoint"),
                  rs.getString("account_id"),
                  rs.getString("video_uid"),
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

  /**
   * Re-queues these deliveries, whatever their state, except those being sent right now and those
   * of a disabled endpoint; returns how many were re-queued.
   */
  public int redeliverIds(Connection c, List<Long> ids, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(REQUEUE + " id = ANY (?)")) {
      ps.setObject(1, ts(now));
      ps.setObject(2, ts(now));
      ps.setArray(3, c.createArrayOf("bigint", ids.toArray()));
      return ps.executeUpdate();
    }
  }

  /** Re-queues the dead deliveries of a video (not those of a disabled endpoint). */
  public int redeliverDeadOfVideo(Connection c, VideoKey key, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(REQUEUE + " account_id = ? AND video_uid = ? AND state = 'dead'")) {
      ps.setObject(1, ts(now));
      ps.setObject(2, ts(now));
      ps.setString(3, key.accountId());
      ps.setString(4, key.videoUid());
      return ps.executeUpdate();
    }
  }

  /** Re-queues every dead delivery of an endpoint; none while the endpoint is disabled. */
  public int redeliverDeadOfEndpoint(Connection c, String endpoint, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(REQUEUE + " endpoint = ? AND state = 'dead'")) {
      ps.setObject(1, ts(now));
      ps.setObject(2, ts(now));
      ps.setString(3, endpoint);
      return ps.executeUpdate();
    }
  }
}
