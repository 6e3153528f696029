package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streampoller.db.Sql;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code webhook_endpoint}: the configured endpoints and which are disabled. */
public final class EndpointRepository {

  /** An endpoint row as shown to operators. */
  public record EndpointState(
      String name, @Nullable Instant disabledAt, @Nullable String disabledReason) {
    public boolean isDisabled() {
      return disabledAt != null;
    }
  }

  // A new URL means the operator moved the endpoint: it is enabled again. Only the redacted URL is
  // stored (URLs often carry tokens); the fingerprint of the full one tells a change.
  private static final Sql SYNC =
      Sql.of(
          "record the configured webhook endpoints",
          """
          INSERT INTO webhook_endpoint (name, url, url_fingerprint, updated_at)
          VALUES (:name, :url, :fingerprint, :now)
          ON CONFLICT (name) DO UPDATE
             SET url = EXCLUDED.url, url_fingerprint = EXCLUDED.url_fingerprint,
                 disabled_at = NULL, disabled_reason = NULL, updated_at = EXCLUDED.updated_at
           WHERE webhook_endpoint.url_fingerprint <> EXCLUDED.url_fingerprint
          """);

  private static final Sql ORPHANED =
      Sql.of(
          "count pending deliveries of unconfigured endpoints",
          """
          SELECT endpoint, count(*) AS n FROM webhook_delivery
           WHERE state = 'pending' AND endpoint <> ALL (:configured)
           GROUP BY endpoint ORDER BY endpoint
          """);

  private static final Sql DISABLE =
      Sql.of(
          "disable a webhook endpoint",
          """
          UPDATE webhook_endpoint SET disabled_at = :now, disabled_reason = :reason, updated_at = :now
           WHERE name = :name AND disabled_at IS NULL
          """);

  private static final Sql KILL_PENDING =
      Sql.of(
          "mark a disabled endpoint's deliveries dead",
          """
          UPDATE webhook_delivery
             SET state = 'dead', next_attempt_at = NULL, last_error = :error,
                 claimed_by = NULL, claimed_until = NULL
           WHERE endpoint = :name AND state = 'pending'
             AND (claimed_until IS NULL OR claimed_until < :now)
          """);

  // Deliveries enqueued while (or just before) their endpoint was disabled. SKIP LOCKED: rows being
  // claimed or recorded right now are left for the next round, never waited for.
  private static final Sql KILL_PENDING_OF_DISABLED =
      Sql.of(
          "mark deliveries of disabled endpoints dead",
          """
          UPDATE webhook_delivery d
             SET state = 'dead', next_attempt_at = NULL,
                 last_error = 'endpoint disabled: ' || e.disabled_reason,
                 claimed_by = NULL, claimed_until = NULL
            FROM webhook_endpoint e
           WHERE e.name = d.endpoint AND e.disabled_at IS NOT NULL
             AND d.id IN (SELECT w.id FROM webhook_delivery w
                           WHERE w.state = 'pending'
                             AND w.endpoint IN (SELECT name FROM webhook_endpoint
                                                 WHERE disabled_at IS NOT NULL)
                             AND (w.claimed_until IS NULL OR w.claimed_until < :now)
                             FOR UPDATE SKIP LOCKED)
          """);

  private static final Sql ENABLE =
      Sql.of(
          "enable a webhook endpoint",
          """
          UPDATE webhook_endpoint SET disabled_at = NULL, disabled_reason = NULL, updated_at = :now
           WHERE name = :name AND disabled_at IS NOT NULL
          """);

  private static final Sql LIST =
      Sql.of(
          "list webhook endpoints",
          "SELECT name, disabled_at, disabled_reason FROM webhook_endpoint ORDER BY name");

  /** Records the configured endpoints; a changed URL re-enables a disabled endpoint. */
  public void sync(Connection c, List<WebhookEndpoint> endpoints, Instant now) {
    SYNC.on(c)
        .bind("now", now)
        .batch(
            endpoints,
            (call, endpoint) ->
                call.bind("name", endpoint.name())
                    .bind("url", WebhookRequest.redact(endpoint.url()))
                    .bind("fingerprint", fingerprint(endpoint.url())));
  }

  /** Pending deliveries of endpoints not in {@code configured}: nobody will send them. */
  public Map<String, Long> orphanedPending(Connection c, List<String> configured) {
    Map<String, Long> result = new LinkedHashMap<>();
    ORPHANED
        .on(c)
        .bindTexts("configured", configured)
        .list(row -> Map.entry(row.requiredText("endpoint"), row.longValue("n")))
        .forEach(entry -> result.put(entry.getKey(), entry.getValue()));
    return result;
  }

  static String fingerprint(URI url) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Disables an endpoint and marks its pending deliveries dead (kept, visible, redeliverable);
   * deliveries being sent right now by another worker are left to record their own outcome. Returns
   * false when it was disabled already.
   */
  public boolean disable(Connection c, String name, String reason, Instant now) {
    if (!DISABLE
        .on(c)
        .bind("now", now)
        .bind("reason", reason)
        .bind("name", name)
        .updateAtMostOne()) {
      return false;
    }
    markPendingDead(c, name, reason, now);
    return true;
  }

  /** Marks the endpoint's pending, unclaimed deliveries dead: it is disabled for {@code reason}. */
  public int markPendingDead(Connection c, String name, String reason, Instant now) {
    return KILL_PENDING
        .on(c)
        .bind("error", "endpoint disabled: " + reason)
        .bind("name", name)
        .bind("now", now)
        .update();
  }

  /**
   * Marks dead the pending, unclaimed deliveries of every disabled endpoint, including those
   * enqueued after it was disabled; returns how many.
   */
  public int markDisabledPendingDead(Connection c, Instant now) {
    return KILL_PENDING_OF_DISABLED.on(c).bind("now", now).update();
  }

  /** Enables a disabled endpoint; false when it was not disabled (or does not exist). */
  public boolean enable(Connection c, String name, Instant now) {
    return ENABLE.on(c).bind("now", now).bind("name", name).updateAtMostOne();
  }

  public List<EndpointState> list(Connection c) {
    return LIST.on(c)
        .list(
            row ->
                new EndpointState(
                    row.requiredText("name"),
                    row.nullableInstant("disabled_at"),
                    row.text("disabled_reason")));
  }
}
