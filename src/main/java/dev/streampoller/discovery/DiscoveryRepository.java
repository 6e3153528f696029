package dev.streampoller.discovery;

import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code discovery}: one row per account with auto-track, its cursor and the lease that lets one
 * instance at a time run a round (a conditional UPDATE: a second claimer waits for the first's
 * commit, then finds the lease taken). Runs in the caller's transaction.
 */
public final class DiscoveryRepository {

  /** A claimed row: where the round starts. */
  public record Claim(
      Instant since, Instant cursor, @Nullable Instant lookBackFrom, int failures) {}

  /** One row of the {@code discovery_status} view. */
  public record Status(
      String accountId,
      Instant cursor,
      @Nullable Instant lastRunAt,
      Instant nextRunAt,
      long videosFound,
      long listRequests,
      int failures,
      @Nullable String lastError,
      @Nullable Instant lastErrorAt,
      long discoveredActive) {}

  private static final Sql ENSURE =
      Sql.of(
          "start an account's discovery",
          """
          INSERT INTO discovery (account_id, enabled_at, since, cursor_created, next_run_at)
          VALUES (:account, :now, :since, :since, :now)
          ON CONFLICT (account_id) DO NOTHING
          """);

  private static final Sql CLAIM =
      Sql.of(
          "claim an account's discovery round",
          """
          UPDATE discovery SET claimed_by = :owner, claimed_until = :until
           WHERE account_id = :account AND next_run_at <= :now
             AND (claimed_until IS NULL OR claimed_until < :now)
          RETURNING since, cursor_created, look_back_from, consecutive_failures
          """);

  private static final Sql RENEW =
      Sql.of(
          "renew a discovery round's lease",
          """
          UPDATE discovery SET claimed_until = :until, list_requests = list_requests + :requests
           WHERE account_id = :account AND claimed_by = :owner
          """);

  private static final Sql PROGRESS =
      Sql.of(
          "record discovery progress",
          """
          UPDATE discovery
             SET cursor_created = GREATEST(cursor_created, COALESCE(:cursor, cursor_created)),
                 look_back_from = CASE WHEN :setLookBack THEN :lookBack ELSE look_back_from END,
                 videos_found = videos_found + :found
           WHERE account_id = :account AND claimed_by = :owner
          """);

  private static final Sql FINISH =
      Sql.of(
          "finish a discovery round",
          """
          UPDATE discovery
             SET claimed_by = NULL, claimed_until = NULL, next_run_at = :next,
                 last_run_at = CASE WHEN :ran THEN :now ELSE last_run_at END,
                 last_success_at = CASE WHEN :ran AND :error::text IS NULL
                                        THEN :now ELSE last_success_at END,
                 consecutive_failures = CASE WHEN NOT :ran THEN consecutive_failures
                                             WHEN :error::text IS NULL THEN 0
                                             ELSE consecutive_failures + 1 END,
                 last_error = COALESCE(:error::text, :passed::text, last_error),
                 last_error_at = CASE WHEN COALESCE(:error::text, :passed::text) IS NULL
                                      THEN last_error_at ELSE :now END
           WHERE account_id = :account AND claimed_by = :owner
          """);

  private static final Sql STATUS =
      Sql.of(
          "read discovery status",
          """
          SELECT account_id, cursor, last_run_at, next_run_at, videos_found, list_requests,
                 consecutive_failures, last_error, last_error_at, discovered_active
            FROM discovery_status WHERE account_id = ANY (:accounts) ORDER BY account_id
          """);

  /** Makes the account's row if it has none: the cursor starts at {@code since}. */
  public void ensure(Connection c, String accountId, Instant since, Instant now) {
    ENSURE.on(c).bind("account", accountId).bind("since", since).bind("now", now).update();
  }

  /** Claims the account's round until {@code until} if it is due and no lease is live. */
  public Optional<Claim> claim(
      Connection c, String accountId, String owner, Instant now, Instant until) {
    return CLAIM
        .on(c)
        .bind("account", accountId)
        .bind("owner", owner)
        .bind("now", now)
        .bind("until", until)
        .first(
            row ->
                new Claim(
                    row.instant("since"),
                    row.instant("cursor_created"),
                    row.nullableInstant("look_back_from"),
                    row.integer("consecutive_failures")));
  }

  /** Renews the lease and counts {@code requests} list requests; false when the claim was lost. */
  public boolean renew(Connection c, String accountId, String owner, Instant until, int requests) {
    return RENEW
        .on(c)
        .bind("account", accountId)
        .bind("owner", owner)
        .bind("until", until)
        .bind("requests", requests)
        .updateAtMostOne();
  }

  /**
   * Moves the cursor forward to {@code cursor} (never back; null keeps it), sets the look-back
   * position when {@code setLookBack}, and counts {@code found} new videos; false without the
   * claim.
   */
  public boolean progress(
      Connection c,
      String accountId,
      String owner,
      @Nullable Instant cursor,
      boolean setLookBack,
      @Nullable Instant lookBack,
      int found) {
    return PROGRESS
        .on(c)
        .bind("account", accountId)
        .bind("owner", owner)
        .bind("cursor", cursor)
        .bind("setLookBack", setLookBack)
        .bind("lookBack", lookBack)
        .bind("found", found)
        .updateAtMostOne();
  }

  /**
   * Ends the round and gives the lease back, the next round due at {@code next}. {@code ran}: a
   * list request was answered or failed (a round the budget held back changes nothing else); {@code
   * error}: why it failed, null for success; {@code passed}: why a video was passed over, recorded
   * as the last error without failing the round.
   */
  public void finish(
      Connection c,
      String accountId,
      String owner,
      Instant now,
      Instant next,
      boolean ran,
      @Nullable String error,
      @Nullable String passed) {
    FINISH
        .on(c)
        .bind("account", accountId)
        .bind("owner", owner)
        .bind("now", now)
        .bind("next", next)
        .bind("ran", ran)
        .bind("error", error)
        .bind("passed", passed)
        .update();
  }

  /** The {@code discovery_status} rows of {@code accounts}, by account id. */
  public List<Status> statuses(Connection c, List<String> accounts) {
    return STATUS
        .on(c)
        .bindTexts("accounts", accounts)
        .list(
            row ->
                new Status(
                    row.requiredText("account_id"),
                    row.instant("cursor"),
                    row.nullableInstant("last_run_at"),
                    row.instant("next_run_at"),
                    row.longValue("videos_found"),
                    row.longValue("list_requests"),
                    row.integer("consecutive_failures"),
                    row.text("last_error"),
                    row.nullableInstant("last_error_at"),
                    row.longValue("discovered_active")));
  }
}
