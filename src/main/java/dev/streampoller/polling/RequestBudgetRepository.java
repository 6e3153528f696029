package dev.streampoller.polling;

import dev.streampoller.db.Row;
import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code request_budget}: the shared token bucket of each credential. {@link #lock} must run in the
 * claim transaction: its row lock serializes every instance's claims for that credential, so the
 * tokens taken can never add up to more than the bucket allows.
 */
public final class RequestBudgetRepository {

  // ON CONFLICT DO UPDATE locks the existing row even when its WHERE is false, so ENSURE already
  // takes the row lock; LOCK's FOR UPDATE states it (and keeps it if ENSURE ever stops locking).
  private static final Sql ENSURE =
      Sql.of(
          "create or resize a request budget",
          """
          INSERT INTO request_budget (credential_id, tokens, capacity, refill_per_second,
                                      updated_at)
          VALUES (:credential, :tokens, :capacity, :refill, :now)
          ON CONFLICT (credential_id) DO UPDATE
             SET capacity = EXCLUDED.capacity, refill_per_second = EXCLUDED.refill_per_second,
                 tokens = LEAST(request_budget.tokens, EXCLUDED.capacity)
           WHERE request_budget.capacity <> EXCLUDED.capacity
              OR request_budget.refill_per_second <> EXCLUDED.refill_per_second
          """);

  private static final Sql LOCK =
      Sql.of(
          "lock a request budget",
          """
          SELECT tokens, capacity, refill_per_second, updated_at FROM request_budget
           WHERE credential_id = :credential FOR UPDATE
          """);

  private static final Sql PEEK_ALL =
      Sql.of(
          "read request budgets",
          "SELECT credential_id, tokens, capacity, refill_per_second, updated_at"
              + " FROM request_budget WHERE credential_id = ANY (:credentials)");

  // The bucket and, in the same round trip, the account's pause if it has one now. The pause row
  // is not locked, as in AccountPauseRepository#current: a pause that commits while this waits for
  // the bucket's lock has emptied the bucket under that lock, which is what stops the request.
  private static final Sql LOCK_WITH_PAUSE =
      Sql.of(
          "lock a request budget and read the account's pause",
          """
          SELECT b.tokens, b.capacity, b.refill_per_second, b.updated_at,
                 p.paused_until, p.pause_reason, p.pause_detail
            FROM request_budget b
            LEFT JOIN cloudflare_account p ON p.account_id = :account AND p.paused_until > :now
           WHERE b.credential_id = :credential
             FOR UPDATE OF b
          """);

  private static final Sql THAW =
      Sql.of(
          "thaw a request budget",
          """
          UPDATE request_budget SET updated_at = :now
           WHERE credential_id = :credential AND updated_at > :now
          """);

  private static final Sql STORE =
      Sql.of(
          "store a request budget",
          """
          UPDATE request_budget SET tokens = :tokens, updated_at = :updatedAt
           WHERE credential_id = :credential
          """);

  /**
   * Creates the bucket if needed (full), adopts a changed budget, and locks it for this
   * transaction. Returns the bucket as of its last update. One statement when the row exists with
   * this budget (every lock after the first); the upsert only to create or resize it.
   */
  public TokenBucket lock(
      Connection c, String credentialId, int requestsPerFiveMinutes, Instant now) {
    TokenBucket configured = TokenBucket.forBudget(requestsPerFiveMinutes, now);
    // A row no bucket can be made of (NaN or infinite numbers written by hand) is taken as
    // changed: the upsert below repairs it, as it adopts a changed budget.
    Optional<TokenBucket> locked =
        LOCK.on(c)
            .bind("credential", credentialId)
            .first(RequestBudgetRepository::validBucket)
            .flatMap(bucket -> bucket);
    if (locked.isPresent()
        && locked.get().capacity() == configured.capacity()
        && locked.get().refillPerSecond() == configured.refillPerSecond()) {
      return locked.get();
    }
    ENSURE
        .on(c)
        .bind("credential", credentialId)
        .bind("tokens", configured.tokens())
        .bind("capacity", configured.capacity())
        .bind("refill", configured.refillPerSecond())
        .bind("now", now)
        .update();
    return LOCK.on(c).bind("credential", credentialId).single(RequestBudgetRepository::bucket);
  }

  /**
   * The buckets of {@code requestsPerFiveMinutes}'s credentials as of their last update, in one
   * statement and without a lock (a bucket not created yet is full as configured): for estimates
   * only, such as when the poll loop should wake; never to take tokens.
   */
  public Map<String, TokenBucket> peekAll(
      Connection c, Map<String, Integer> requestsPerFiveMinutes, Instant now) {
    Map<String, TokenBucket> stored = new HashMap<>();
    PEEK_ALL
        .on(c)
        .bindTexts("credentials", requestsPerFiveMinutes.keySet())
        .list(
            row -> {
              String credential = row.requiredText("credential_id");
              validBucket(row).ifPresent(b -> stored.put(credential, b));
              return credential;
            });
    Map<String, TokenBucket> buckets = new HashMap<>();
    requestsPerFiveMinutes.forEach(
        (credential, budget) ->
            buckets.put(
                credential, stored.getOrDefault(credential, TokenBucket.forBudget(budget, now))));
    return buckets;
  }

  private static Optional<TokenBucket> validBucket(Row row) throws SQLException {
    try {
      return Optional.of(bucket(row));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static TokenBucket bucket(Row row) throws SQLException {
    return new TokenBucket(
        row.decimal("capacity"),
        row.decimal("refill_per_second"),
        row.decimal("tokens"),
        row.instant("updated_at"));
  }

  /** A locked bucket and the account's pause at that time, if any. */
  public record Locked(TokenBucket bucket, Optional<AccountPauseRepository.Pause> pause) {}

  /**
   * In one statement: locks the bucket for this transaction and reads {@code accountId}'s pause at
   * {@code now}. Empty unless the bucket exists with this budget: {@link #lock} then creates or
   * resizes it.
   */
  public Optional<Locked> lockWithPause(
      Connection c,
      String credentialId,
      int requestsPerFiveMinutes,
      String accountId,
      Instant now) {
    TokenBucket configured = TokenBucket.forBudget(requestsPerFiveMinutes, now);
    Optional<Locked> locked =
        LOCK_WITH_PAUSE
            .on(c)
            .bind("credential", credentialId)
            .bind("account", accountId)
            .bind("now", now)
            .first(
                row -> {
                  Instant until = row.nullableInstant("paused_until");
                  return new Locked(
                      bucket(row),
                      until == null
                          ? Optional.empty()
                          : Optional.of(
                              new AccountPauseRepository.Pause(
                                  until,
                                  row.requiredText("pause_reason"),
                                  Objects.requireNonNullElse(row.text("pause_detail"), ""))));
                });
    return locked.filter(
        l ->
            l.bucket().capacity() == configured.capacity()
                && l.bucket().refillPerSecond() == configured.refillPerSecond());
  }

  /**
   * Lets a bucket that a pause froze until a later time refill from {@code now} (its tokens stay as
   * they are). Returns whether it was frozen.
   */
  public boolean thaw(Connection c, String credentialId, Instant now) {
    return THAW.on(c).bind("now", now).bind("credential", credentialId).update() > 0;
  }

  /** Stores the bucket after tokens were taken or capped; the row must be locked. */
  public void store(Connection c, String credentialId, TokenBucket bucket) {
    STORE
        .on(c)
        .bind("tokens", bucket.tokens())
        .bind("updatedAt", bucket.updatedAt())
        .bind("credential", credentialId)
        .updateAtMostOne();
  }
}
