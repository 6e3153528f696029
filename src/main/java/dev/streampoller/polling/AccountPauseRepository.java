package dev.streampoller.polling;

import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code cloudflare_account}: pauses shared by every instance. While an account is paused no
 * instance claims its videos, so a 429 or a rejected credential stops all of that account's
 * requests cluster-wide.
 */
public final class AccountPauseRepository {
  /** Why an account is paused; the {@code pause_reason} column. */
  public enum Reason {
    RATE_LIMITED("rate_limited"),
    CREDENTIAL_REJECTED("credential_rejected");

    final String dbValue;

    Reason(String dbValue) {
      this.dbValue = dbValue;
    }
  }

  /**
   * An account's pause as stored: until when, why ({@code rate_limited} or {@code
   * credential_rejected}) and the API's own words for it (empty when none were stored).
   */
  public record Pause(Instant until, String reason, String detail) {
    /** Whether it is a 429's pause (not a rejected credential's). */
    public boolean rateLimited() {
      return reason.equals(Reason.RATE_LIMITED.dbValue);
    }
  }

  // A later pause never shortens an earlier, longer one.
  private static final Sql PAUSE =
      Sql.of(
          "pause an account",
          """
          INSERT INTO cloudflare_account (account_id, paused_until, pause_reason, pause_detail,
                                          updated_at)
          VALUES (:account, :until, :reason, :detail, :now)
          ON CONFLICT (account_id) DO UPDATE
             SET paused_until = EXCLUDED.paused_until, pause_reason = EXCLUDED.pause_reason,
                 pause_detail = EXCLUDED.pause_detail, updated_at = EXCLUDED.updated_at
           WHERE cloudflare_account.paused_until IS NULL
              OR cloudflare_account.paused_until < EXCLUDED.paused_until
          """);

  private static final Sql CLEAR_CREDENTIAL_PAUSES =
      Sql.of(
          "lift credential pauses",
          """
          UPDATE cloudflare_account
             SET paused_until = NULL, pause_reason = NULL, pause_detail = NULL, updated_at = :now
           WHERE pause_reason = 'credential_rejected' AND account_id = ANY (:accounts)
          RETURNING account_id
          """);

  private static final Sql CURRENT_PAUSE =
      Sql.of(
          "read an account's pause",
          """
          SELECT paused_until, pause_reason, pause_detail
            FROM cloudflare_account WHERE account_id = :account AND paused_until > :now
          """);

  /** When the account's pause ends, if it is paused at {@code now}. */
  public Optional<Instant> pausedUntil(Connection c, String accountId, Instant now) {
    return current(c, accountId, now).map(Pause::until);
  }

  /** The account's pause, if it is paused at {@code now}. */
  public Optional<Pause> current(Connection c, String accountId, Instant now) {
    return CURRENT_PAUSE
        .on(c)
        .bind("account", accountId)
        .bind("now", now)
        .first(
            row -> {
              String detail = row.text("pause_detail");
              return new Pause(
                  row.instant("paused_until"),
                  row.requiredText("pause_reason"),
                  detail == null ? "" : detail);
            });
  }

  public void pause(
      Connection c, String accountId, Instant until, Reason reason, String detail, Instant now) {
    PAUSE
        .on(c)
        .bind("account", accountId)
        .bind("until", until)
        .bind("reason", reason.dbValue)
        .bind("detail", detail)
        .bind("now", now)
        .update();
  }

  /**
   * Lifts credential pauses of {@code accounts}: called at start-up, since a restart is how an
   * operator says the credential was fixed. Returns the accounts whose pause was lifted, sorted.
   */
  public List<String> clearCredentialPauses(
      Connection c, Collection<String> accounts, Instant now) {
    return CLEAR_CREDENTIAL_PAUSES
        .on(c)
        .bind("now", now)
        .bindTexts("accounts", accounts)
        .list(row -> row.requiredText("account_id"))
        .stream()
        .sorted()
        .toList();
  }
}
