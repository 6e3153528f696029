package dev.streampoller.webhook;

import dev.streampoller.db.Row;
import dev.streampoller.db.Sql;
import dev.streampoller.db.SqlCall;
import dev.streampoller.tracking.VideoKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code webhook_delivery}, the outbox. Runs in the caller's transaction. */
public final class DeliveryRepository {

  // Dead at once when its endpoint is disabled (a 410): nothing would ever send it, and the
  // operator finds it with the others (`deliveries --state dead`) to redeliver after enabling.
  private static final Sql ENQUEUE =
      Sql.of(
          "enqueue a webhook delivery",
          """
          INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,
                                        payload, endpoint, target_url, created_at,
                                        state, next_attempt_at, last_error)
          SELECT :eventId, :eventType, :account, :video, :downloadType, :payload::jsonb, :endpoint,
                 :target, :createdAt,
                 CASE WHEN e.name IS NULL THEN 'pending' ELSE 'dead' END,
                 CASE WHEN e.name IS NULL THEN :createdAt::timestamptz END,
                 'endpoint disabled: ' || e.disabled_reason
            FROM (SELECT 1) AS one
            LEFT JOIN webhook_endpoint e ON e.name = :endpoint AND e.disabled_at IS NOT NULL
          """);

  // At most perEndpoint rows of each lane (an endpoint, or one callback URL), so one lane's
  // backlog cannot fill a batch; lanes busy in this instance, endpoints unknown to it or disabled
  // are left alone. The conditions are repeated on the locked row (w): PostgreSQL rechecks only
  // those after waiting for a lock, and a row claimed meanwhile must not be claimed twice.
  private static final Sql CLAIM_DUE =
      Sql.of(
          "claim due webhook deliveries",
          """
          UPDATE webhook_delivery d SET claimed_by = :owner, claimed_until = :until
           WHERE d.id IN (
                 SELECT w.id FROM webhook_delivery w
                  WHERE w.id IN (
                        SELECT ranked.id FROM (
                               SELECT c.id, row_number() OVER (
                                        PARTITION BY %1$s ORDER BY c.next_attempt_at, c.id) AS n
                                 FROM webhook_delivery c
                                WHERE c.state = 'pending' AND c.next_attempt_at <= :now
                                  AND (c.claimed_until IS NULL OR c.claimed_until < :now)
                                  AND c.endpoint = ANY (:endpoints) AND %1$s <> ALL (:busy)
                                  AND NOT EXISTS (SELECT 1 FROM webhook_endpoint e
                                                   WHERE e.name = c.endpoint
                                                     AND e.disabled_at IS NOT NULL)) ranked
                         WHERE ranked.n <= :perEndpoint)
                    AND w.state = 'pending' AND w.next_attempt_at <= :now
                    AND (w.claimed_until IS NULL OR w.claimed_until < :now)
                    FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.event_id, d.event_type, d.payload::text AS payload, d.endpoint,
                    d.target_url, d.attempts, d.created_at, d.account_id, d.video_uid
          """
              .formatted(
                  Delivery.LANE_SQL
                      .replace("endpoint", "c.endpoint")
                      .replace("target_url", "c.target_url")));

  // One configured endpoint's due rows, oldest first: what a sender thread of that endpoint takes
  // next when it is done with its share. A plain scan of the base table, so FOR UPDATE rechecks
  // every condition on a row that was locked meanwhile.
  private static final Sql CLAIM_ENDPOINT =
      Sql.of(
          "claim due webhook deliveries of one endpoint",
          """
          UPDATE webhook_delivery d SET claimed_by = :owner, claimed_until = :until
           WHERE d.id IN (
                 SELECT w.id FROM webhook_delivery w
                  WHERE w.state = 'pending' AND w.endpoint = :endpoint
                    AND w.next_attempt_at <= :now
                    AND (w.claimed_until IS NULL OR w.claimed_until < :now)
                    AND NOT EXISTS (SELECT 1 FROM webhook_endpoint e
                                     WHERE e.name = w.endpoint AND e.disabled_at IS NOT NULL)
                  ORDER BY w.next_attempt_at, w.id
                  LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.event_id, d.event_type, d.payload::text AS payload, d.endpoint,
                    d.target_url, d.attempts, d.created_at, d.account_id, d.video_uid
          """);

  private static final Sql UNUSABLE =
      Sql.of(
          "mark unusable webhook deliveries dead",
          """
          UPDATE webhook_delivery
             SET state = 'dead', next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL,
                 last_error = 'target_url is not a valid URL'
           WHERE id = ANY (:ids)
          """);

  private static final Sql DELIVERED =
      Sql.of(
          "record a delivered webhook",
          """
          UPDATE webhook_delivery
             SET state = 'delivered', delivered_at = :now, last_attempt_at = :now,
                 attempts = attempts + 1, last_http_status = :status, last_error = NULL,
                 next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL
           WHERE id = :id AND claimed_by = :owner
          """);

  private static final Sql FAILED =
      Sql.of(
          "record a failed webhook attempt",
          """
          UPDATE webhook_delivery
             SET state = CASE WHEN :next::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
                 next_attempt_at = :next, last_attempt_at = :now, attempts = attempts + 1,
                 last_http_status = :status, last_error = :error,
                 claimed_by = NULL, claimed_until = NULL
           WHERE id = :id AND claimed_by = :owner
          """);

  private static final Sql RENEW =
      Sql.of(
          "renew a webhook delivery's claim",
          """
          UPDATE webhook_delivery SET claimed_until = :until
           WHERE id = :id AND claimed_by = :owner AND state = 'pending'
          """);

  private static final Sql RELEASE =
      Sql.of(
          "give a claimed webhook delivery back",
          """
          UPDATE webhook_delivery SET claimed_by = NULL, claimed_until = NULL
           WHERE id = :id AND claimed_by = :owner
          """);

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
      Instant createdAt) {
    ENQUEUE
        .on(c)
        .bind("eventId", eventId)
        .bind("eventType", eventType)
        .bind("account", key.accountId())
        .bind("video", key.videoUid())
        .bind("downloadType", downloadType)
        .bind("payload", payloadJson)
        .bind("endpoint", endpoint)
        .bind("target", target.toString())
        .bind("createdAt", createdAt)
        .update();
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
      Collection<String> busy) {
    return usable(
        c,
        CLAIM_DUE
            .on(c)
            .bind("owner", owner)
            .bind("until", now.plus(lease))
            .bind("now", now)
            .bindTexts("endpoints", endpoints)
            .bindTexts("busy", busy)
            .bind("perEndpoint", perEndpoint)
            .list(DeliveryRepository::claimedRow));
  }

  /**
   * Claims, with a lease, at most {@code limit} due deliveries of the configured endpoint {@code
   * endpoint} (not of callback URLs), oldest first, unless it is disabled; locked rows are skipped.
   */
  public List<Delivery> claimDueOfEndpoint(
      Connection c, String owner, Instant now, Duration lease, String endpoint, int limit) {
    return usable(
        c,
        CLAIM_ENDPOINT
            .on(c)
            .bind("owner", owner)
            .bind("until", now.plus(lease))
            .bind("now", now)
            .bind("endpoint", endpoint)
            .bind("limit", limit)
            .list(DeliveryRepository::claimedRow));
  }

  private static List<Delivery> usable(Connection c, List<Claimed> rows) {
    List<Long> unusable = new ArrayList<>();
    List<Delivery> claimed = new ArrayList<>();
    for (Claimed row : rows) {
      row.delivery().ifPresentOrElse(claimed::add, () -> unusable.add(row.id()));
    }
    // A row whose URL cannot be parsed (inserted by hand) is dead, not a reason to stop.
    if (!unusable.isEmpty()) {
      UNUSABLE.on(c).bindLongs("ids", unusable).update();
    }
    return claimed;
  }

  /** A claimed row: its delivery, or none when its target URL does not parse. */
  private record Claimed(long id, Optional<Delivery> delivery) {}

  private static Claimed claimedRow(Row row) throws SQLException {
    long id = row.longValue("id");
    URI target;
    try {
      target = new URI(row.requiredText("target_url"));
    } catch (URISyntaxException e) {
      return new Claimed(id, Optional.empty());
    }
    return new Claimed(
        id,
        Optional.of(
            new Delivery(
                id,
                row.requiredText("event_id"),
                row.requiredText("event_type"),
                row.requiredText("payload"),
                row.requiredText("endpoint"),
                target,
                row.integer("attempts"),
                row.instant("created_at"),
                row.requiredText("account_id"),
                row.requiredText("video_uid"))));
  }

  /** Extends a claim right before sending; false when it was lost (then do not send). */
  public boolean renewClaim(Connection c, long id, String owner, Instant until) {
    return claimed(RENEW.on(c), id, owner).bind("until", until).updateAtMostOne();
  }

  /** Gives a claimed delivery back unsent, due as before. */
  public boolean release(Connection c, long id, String owner) {
    return claimed(RELEASE.on(c), id, owner).updateAtMostOne();
  }

  /** Marks a delivery done; false when this owner's claim was lost meanwhile. */
  public boolean markDelivered(Connection c, long id, String owner, Instant now, int httpStatus) {
    return claimed(DELIVERED.on(c), id, owner)
        .bind("now", now)
        .bind("status", httpStatus)
        .updateAtMostOne();
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
      @Nullable Instant nextAttemptAt) {
    return claimed(FAILED.on(c), id, owner)
        .bind("next", nextAttemptAt)
        .bind("now", now)
        .bind("status", httpStatus)
        .bind("error", error)
        .updateAtMostOne();
  }

  private static SqlCall claimed(SqlCall call, long id, String owner) {
    return call.bind("id", id).bind("owner", owner);
  }
}
