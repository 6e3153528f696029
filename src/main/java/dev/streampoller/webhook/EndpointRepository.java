package dev.streampoller.webhook;

import static dev.streampoller.db.Jdbc.ts;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streampoller.db.Jdbc;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
  private static final String SYNC =
      """
      INSERT INTO webhook_endpoint (name, url, url_fingerprint, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE
         SET url = EXCLUDED.url, url_fingerprint = EXCLUDED.url_fingerprint,
             disabled_at = NULL, disabled_reason = NULL, updated_at = EXCLUDED.updated_at
       WHERE webhook_endpoint.url_fingerprint <> EXCLUDED.url_fingerprint
      """;

  private static final String ORPHANED =
      """
      SELECT endpoint, count(*) AS n FROM webhook_delivery
       WHERE state = 'pending' AND endpoint <> ALL (?)
       GROUP BY endpoint ORDER BY endpoint
      """;

  private static final String DISABLE =
      """
      UPDATE webhook_endpoint SET disabled_at = ?, disabled_reason = ?, updated_at = ?
       WHERE name = ? AND disabled_at IS NULL
      """;

  private static final String KILL_PENDING =
      """
      UPDATE webhook_delivery
         SET state = 'dead', next_attempt_at = NULL, last_error = ?,
             claimed_by = NULL, claimed_until = NULL
       WHERE endpoint = ? AND state = 'pending'
         AND (claimed_until IS NULL OR claimed_until < ?)
      """;

  // Deliveries enqueued while (or just before) their endpoint was disabled. SKIP LOCKED: rows being
  // claimed or recorded right now are left for the next round, never waited for.
  private static final String KILL_PENDING_OF_DISABLED =
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
                         AND (w.claimed_until IS NULL OR w.claimed_until < ?)
                         FOR UPDATE SKIP LOCKED)
      """;

  private static final String ENABLE =
      """
      UPDATE webhook_endpoint SET disabled_at = NULL, disabled_reason = NULL, updated_at = ?
       WHERE name = ? AND disabled_at IS NOT NULL
      """;

  private static final String LIST =
      "SELECT name, disabled_at, disabled_reason FROM webhook_endpoint ORDER BY name";

  /** Records the configured endpoints; a changed URL re-enables a disabled endpoint. */
  public void sync(Connection c, List<WebhookEndpoint> endpoints, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SYNC)) {
      for (WebhookEndpoint endpoint : endpoints) {
        ps.setString(1, endpoint.name());
        ps.setString(2, WebhookRequest.redact(endpoint.url()));
        ps.setString(3, fingerprint(endpoint.url()));
        ps.setObject(4, ts(now));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Pending deliveries of endpoints not in {@code configured}: nobody will send them. */
  public Map<String, Long> orphanedPending(Connection c, List<String> configured)
      throws SQLException {
    Map<String, Long> result = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(ORPHANED)) {
      ps.setArray(1, c.createArrayOf("text", configured.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getString("endpoint"), rs.getLong("n"));
        }
      }
    }
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
  public boolean disable(Connection c, String name, String reason, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DISABLE)) {
      ps.setObject(1, ts(now));
      ps.setString(2, reason);
      ps.setObject(3, ts(now));
      ps.setString(4, name);
      if (!Jdbc.updatedOne(ps.executeUpdate(), "disable endpoint " + name)) {
        return false;
      }
    }
    markPendingDead(c, name, reason, now);
    return true;
  }

  /** Marks the endpoint's pending, unclaimed deliveries dead: it is disabled for {@code reason}. */
  public int markPendingDead(Connection c, String name, String reason, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(KILL_PENDING)) {
      ps.setString(1, "endpoint disabled: " + reason);
      ps.setString(2, name);
      ps.setObject(3, ts(now));
      return ps.executeUpdate();
    }
  }

  /**
   * Marks dead the pending, unclaimed deliveries of every disabled endpoint, including those
   * enqueued after it was disabled; returns how many.
   */
  public int markDisabledPendingDead(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(KILL_PENDING_OF_DISABLED)) {
      ps.setObject(1, ts(now));
      return ps.executeUpdate();
    }
  }

  /** Enables a disabled endpoint; false when it was not disabled (or does not exist). */
  public boolean enable(Connection c, String name, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ENABLE)) {
      ps.setObject(1, ts(now));
      ps.setString(2, name);
      return Jdbc.updatedOne(ps.executeUpdate(), "enable endpoint " + name);
    }
  }

  public List<EndpointState> list(Connection c) throws SQLException {
    List<EndpointState> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(LIST);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(
            new EndpointState(
                rs.getString("name"),
                Jdbc.instant(rs, "disabled_at"),
                rs.getString("disabled_reason")));
      }
    }
    return result;
  }
}
