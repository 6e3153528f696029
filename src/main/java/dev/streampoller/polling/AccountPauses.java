package dev.streampoller.polling;

import static dev.streampoller.db.Jdbc.ts;

import dev.streampoller.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code cloudflare_account}: pauses shared by every instance. While an account is paused no
 * instance claims its videos, so a 429 or a rejected credential stops all of that account's
 * requests cluster-wide.
 */
public final class AccountPauses {
  /** Why an account is paused; the {@code pause_reason} column. */
  public enum Reason {
    RATE_LIMITED("rate_limited"),
    CREDENTIAL_REJECTED("credential_rejected");

    final String dbValue;

    Reason(String dbValue) {
      this.dbValue = dbValue;
    }
  }

  // A later pause never shortens an earlier, longer one.
  private static final String PAUSE =
      """
      INSERT INTO cloudflare_account (account_id, paused_until, pause_reason, pause_detail, updated_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_id) DO UPDATE
         SET paused_until = EXCLUDED.paused_until, pause_reason = EXCLUDED.pause_reason,
             pause_detail = EXCLUDED.pause_detail, updated_at = EXCLUDED.updated_at
       WHERE cloudflare_account.paused_until IS NULL
          OR cloudflare_account.paused_until < EXCLUDED.paused_until
      """;

  private static final String CLEAR_CREDENTIAL_PAUSES =
      """
      UPDATE cloudflare_account
         SET paused_until = NULL, pause_reason = NULL, pause_detail = NULL, updated_at = ?
       WHERE pause_reason = 'credential_rejected' AND account_id = ANY (?)
      RETURNING account_id
      """;

  private static final String CURRENT_PAUSE =
      """
      SELECT paused_until, pause_reason, pause_detail
        FROM cloudflare_account WHERE account_id = ? AND paused_until > ?
      """;

  /**
   * An account's pause as stored: until when, why ({@code rate_limited} or {@code
   * credential_rejected}) and the API's own words for it (empty when none were stored).
   */
  public record Pause(Instant until, String reason, String detail) {}

  private static final String PAUSED_UNTIL =
      """
      SELECT paused_until FROM cloudflare_account WHERE account_id = ? AND paused_until > ?
      """;

  /** When the account's pause ends, if it is paused at {@code now}. */
  public Optional<Instant> pausedUntil(Connection c, String accountId, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PAUSED_UNTIL)) {
      ps.setString(1, accountId);
      ps.setObject(2, ts(now));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Jdbc.requiredInstant(rs, "paused_until")) : Optional.empty();
      }
    }
  }

  /** The account's pause, if it is paused at {@code now}. */
  public Optional<Pause> current(Connection c, String accountId, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CURRENT_PAUSE)) {
      ps.setString(1, accountId);
      ps.setObject(2, ts(now));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String detail = rs.getString("pause_detail");
        return Optional.of(
            new Pause(
                Jdbc.requiredInstant(rs, "paused_until"),
                rs.getString("pause_reason"),
                detail == null ? "" : detail));
      }
    }
  }

  public void pause(
      Connection c, String accountId, Instant until, Reason reason, String detail, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PAUSE)) {
      ps.setString(1, accountId);
      ps.setObject(2, ts(until));
      ps.setString(3, reason.dbValue);
      ps.setString(4, detail);
      ps.setObject(5, ts(now));
      ps.executeUpdate();
    }
  }

  /**
   * Lifts credential pauses of {@code accounts}: called at start-up, since a restart is how an
   * operator says the credential was fixed. Returns the accounts whose pause was lifted, sorted.
   */
  public List<String> clearCredentialPauses(Connection c, Collection<String> accounts, Instant now)
      throws SQLException {
    List<String> lifted = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLEAR_CREDENTIAL_PAUSES)) {
      ps.setObject(1, ts(now));
      ps.setArray(2, c.createArrayOf("text", accounts.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lifted.add(rs.getString("account_id"));
        }
      }
    }
    Collections.sort(lifted);
    return lifted;
  }
}
