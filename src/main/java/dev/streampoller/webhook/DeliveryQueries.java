package dev.streampoller.webhook;

import dev.streampoller.db.Sql;
import dev.streampoller.tracking.VideoKey;
import java.sql.Connection;
import java.time.Instant;
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

  private static final Sql LIST =
      Sql.of(
          "list webhook deliveries",
          """
          SELECT id, event_id, event_type, endpoint, account_id, video_uid, download_type, state,
                 attempts, next_attempt_at, delivered_at, last_http_status, last_error
            FROM webhook_delivery
           WHERE (:video::text IS NULL OR (account_id = :account AND video_uid = :video))
             AND (:endpoint::text IS NULL OR endpoint = :endpoint)
             AND (:state::text IS NULL OR state = :state)
           ORDER BY id DESC
           LIMIT :limit
          """);

  // A delivery being sent right now (live claim) is left alone: re-queueing it would let a second
  // worker send it at the same time. So is one of a disabled endpoint: nothing would send it, and
  // the next round would mark it dead again; the endpoint is enabled first.
  private static final String REQUEUE =
      """
      UPDATE webhook_delivery
         SET state = 'pending', next_attempt_at = :now, attempts = 0, delivered_at = NULL,
             claimed_by = NULL, claimed_until = NULL
       WHERE (claimed_until IS NULL OR claimed_until < :now)
         AND NOT EXISTS (SELECT 1 FROM webhook_endpoint e
                          WHERE e.name = webhook_delivery.endpoint AND e.disabled_at IS NOT NULL)
         AND\s""";

  private static final Sql REQUEUE_IDS =
      Sql.of("redeliver webhook deliveries", REQUEUE + "id = ANY (:ids)");

  private static final Sql REQUEUE_DEAD_OF_VIDEO =
      Sql.of(
          "redeliver a video's dead webhook deliveries",
          REQUEUE + "account_id = :account AND video_uid = :video AND state = 'dead'");

  private static final Sql REQUEUE_DEAD_OF_ENDPOINT =
      Sql.of(
          "redeliver an endpoint's dead webhook deliveries",
          REQUEUE + "endpoint = :endpoint AND state = 'dead'");

  private static final Sql COUNTS =
      Sql.of(
          "count webhook deliveries by state",
          "SELECT state, count(*) AS n FROM webhook_delivery GROUP BY state ORDER BY state");

  /** Deliveries by state. */
  public Map<String, Long> countsByState(Connection c) {
    Map<String, Long> counts = new LinkedHashMap<>();
    COUNTS
        .on(c)
        .list(row -> Map.entry(row.requiredText("state"), row.longValue("n")))
        .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
    return counts;
  }

  public List<DeliveryView> list(Connection c, Filter filter) {
    VideoKey video = filter.video();
    return LIST.on(c)
        .bind("account", video == null ? null : video.accountId())
        .bind("video", video == null ? null : video.videoUid())
        .bind("endpoint", filter.endpoint())
        .bind("state", filter.state())
        .bind("limit", filter.limit())
        .list(
            row ->
                new DeliveryView(
                    row.longValue("id"),
                    row.requiredText("event_id"),
                    row.requiredText("event_type"),
                    row.requiredText("endpoint"),
                    row.requiredText("account_id"),
                    row.requiredText("video_uid"),
                    row.requiredText("download_type"),
                    row.requiredText("state"),
                    row.integer("attempts"),
                    row.nullableInstant("next_attempt_at"),
                    row.nullableInstant("delivered_at"),
                    row.nullableInteger("last_http_status"),
                    row.text("last_error")));
  }

  /**
   * Re-queues these deliveries, whatever their state, except those being sent right now and those
   * of a disabled endpoint; returns how many were re-queued.
   */
  public int redeliverIds(Connection c, List<Long> ids, Instant now) {
    return REQUEUE_IDS.on(c).bind("now", now).bindLongs("ids", ids).update();
  }

  /** Re-queues the dead deliveries of a video (not those of a disabled endpoint). */
  public int redeliverDeadOfVideo(Connection c, VideoKey key, Instant now) {
    return REQUEUE_DEAD_OF_VIDEO
        .on(c)
        .bind("now", now)
        .bind("account", key.accountId())
        .bind("video", key.videoUid())
        .update();
  }

  /** Re-queues every dead delivery of an endpoint; none while the endpoint is disabled. */
  public int redeliverDeadOfEndpoint(Connection c, String endpoint, Instant now) {
    return REQUEUE_DEAD_OF_ENDPOINT.on(c).bind("now", now).bind("endpoint", endpoint).update();
  }
}
