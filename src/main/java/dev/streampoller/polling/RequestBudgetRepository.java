package dev.streampoller.polling;

import dev.streampoller.db.Row;
import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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
    Optional<TokenBucket> locked =
        LOCK.on(c).bind("credential", credentialId).first(RequestBudgetRepository::bucket);
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

  private static TokenBucket bucket(Row row) throws SQLException {
    return new TokenBucket(
        row.decimal("capacity"),
        row.decimal("refill_per_second"),
        row.decimal("tokens"),
        row.instant("updated_at"));
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
