package dev.streampoller.polling;

import static dev.streampoller.db.Jdbc.ts;

import dev.streampoller.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * {@code request_budget}: the shared token bucket of each credential. {@link #lock} must run in the
 * claim transaction: its row lock serializes every instance's claims for that credential, so the
 * tokens taken can never add up to more than the bucket allows.
 */
public final class RequestBudgets {

  // ON CONFLICT DO UPDATE locks the existing row even when its WHERE is false, so ENSURE already
  // takes the row lock; LOCK's FOR UPDATE states it (and keeps it if ENSURE ever stops locking).
  private static final String ENSURE =
      """
      INSERT INTO request_budget (credential_id, tokens, capacity, refill_per_second, updated_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (credential_id) DO UPDATE
         SET capacity = EXCLUDED.capacity, refill_per_second = EXCLUDED.refill_per_second,
             tokens = LEAST(request_budget.tokens, EXCLUDED.capacity)
       WHERE request_budget.capacity <> EXCLUDED.capacity
          OR request_budget.refill_per_second <> EXCLUDED.refill_per_second
      """;

  private static final String LOCK =
      """
      SELECT tokens, capacity, refill_per_second, updated_at FROM request_budget
       WHERE credential_id = ? FOR UPDATE
      """;

  private static final String THAW =
      """
      UPDATE request_budget SET updated_at = ? WHERE credential_id = ? AND updated_at > ?
      """;

  private static final String STORE =
      "UPDATE request_budget SET tokens = ?, updated_at = ? WHERE credential_id = ?";

  /**
   * Creates the bucket if needed (full), adopts a changed budget, and locks it for this
   * transaction. Returns the bucket as of its last update.
   */
  public TokenBucket lock(
      Connection c, String credentialId, int requestsPerFiveMinutes, Instant now)
      throws SQLException {
    TokenBucket configured = TokenBucket.forBudget(requestsPerFiveMinutes, now);
    try (PreparedStatement ps = c.prepareStatement(ENSURE)) {
      ps.setString(1, credentialId);
      ps.setDouble(2, configured.tokens());
      ps.setDouble(3, configured.capacity());
      ps.setDouble(4, configured.refillPerSecond());
      ps.setObject(5, ts(now));
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(LOCK)) {
      ps.setString(1, credentialId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new TokenBucket(
            rs.getDouble("capacity"),
            rs.getDouble("refill_per_second"),
            rs.getDouble("tokens"),
            Jdbc.requiredInstant(rs, "updated_at"));
      }
    }
  }

  /**
   * Lets a bucket that a pause froze until a later time refill from {@code now} (its tokens stay as
   * they are). Returns whether it was frozen.
   */
  public boolean thaw(Connection c, String credentialId, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(THAW)) {
      ps.setObject(1, ts(now));
      ps.setString(2, credentialId);
      ps.setObject(3, ts(now));
      return ps.executeUpdate() > 0;
    }
  }

  /** Stores the bucket after tokens were taken or capped; the row must be locked. */
  public void store(Connection c, String credentialId, TokenBucket bucket) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(STORE)) {
      ps.setDouble(1, bucket.tokens());
      ps.setObject(2, ts(bucket.updatedAt()));
      ps.setString(3, credentialId);
      Jdbc.updatedOne(ps.executeUpdate(), "store budget " + credentialId);
    }
  }
}
