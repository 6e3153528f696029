package dev.streampoller.polling;

import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one way a request to Cloudflare takes from its credential's shared budget, whoever sends it
 * (a poll, {@code track --create}, {@code check}): refuse while the account is paused, lock the
 * credential's bucket ({@link RequestBudgetRepository#lock}, which serializes every instance),
 * refuse when it has fewer whole tokens than needed, else take them and store the bucket. Runs in
 * the caller's transaction, so the tokens are taken only if it commits.
 */
public final class BudgetReservation {
  /** Which pauses refuse the request. */
  public enum PauseRule {
    /** Any pause: a 429's or a rejected credential's. */
    ANY,
    /**
     * Only a 429's: a request that checks a rejected credential is how the operator learns it was
     * fixed.
     */
    RATE_LIMITED_ONLY
  }

  /** {@code tokens} requests for {@code accountId}, drawn from the budget {@code budgetId}. */
  public record Request(
      String accountId, String budgetId, int requestsPerFiveMinutes, int tokens, PauseRule pauses) {
    public Request {
      if (tokens < 1) {
        throw new IllegalArgumentException("a reservation takes at least one token: " + tokens);
      }
    }
  }

  /** What a reservation did. */
  public sealed interface Outcome {
    /** The tokens were taken. */
    record Taken() implements Outcome {}

    /** Nothing taken: the account is paused. */
    record Paused(AccountPauseRepository.Pause pause) implements Outcome {}

    /** Nothing taken: the bucket has fewer whole tokens than asked for. */
    record TooFew(int available, double secondsToNextToken) implements Outcome {
      /** When the next whole token is there, to the millisecond (rounded up). */
      public Instant nextTokenAt(Instant now) {
        return now.plusMillis((long) Math.ceil(secondsToNextToken * 1000));
      }
    }

    /** Nothing taken: the caller's last check before taking (e.g. its claim) failed. */
    record Withdrawn() implements Outcome {}
  }

  private final AccountPauseRepository pauses = new AccountPauseRepository();
  private final RequestBudgetRepository budgets = new RequestBudgetRepository();

  /** Reserves {@code request} at {@code now}. */
  public Outcome reserve(Connection c, Request request, Instant now) {
    return reserve(c, request, now, connection -> true);
  }

  /**
   * Reserves {@code request} at {@code now}; {@code beforeTaking} runs with the bucket locked and
   * enough tokens in it, and nothing is taken when it answers false.
   */
  public Outcome reserve(
      Connection c, Request request, Instant now, Predicate<Connection> beforeTaking) {
    // One round trip when the bucket exists with this budget (every request after the first).
    Optional<RequestBudgetRepository.Locked> locked =
        budgets.lockWithPause(
            c, request.budgetId(), request.requestsPerFiveMinutes(), request.accountId(), now);
    Optional<AccountPauseRepository.Pause> pause =
        locked.isPresent() ? locked.get().pause() : pauses.current(c, request.accountId(), now);
    if (pause.isPresent() && (request.pauses() == PauseRule.ANY || pause.get().rateLimited())) {
      return new Outcome.Paused(pause.get());
    }
    TokenBucket bucket =
        locked.isPresent()
            ? locked.get().bucket()
            : budgets.lock(c, request.budgetId(), request.requestsPerFiveMinutes(), now);
    if (bucket.whole(now) < request.tokens()) {
      return new Outcome.TooFew(bucket.whole(now), bucket.secondsToNextToken(now));
    }
    if (!beforeTaking.test(c)) {
      return new Outcome.Withdrawn();
    }
    budgets.store(c, request.budgetId(), bucket.take(request.tokens(), now));
    return new Outcome.Taken();
  }

  /**
   * Pauses every account of a credential until {@code until} (the API's limit is per user) and
   * empties its bucket until then, under the bucket's lock: a request whose check read the accounts
   * a moment before is stopped by the bucket. The accounts are locked in name order, the one order
   * of every instance, so two instances hit by the same 429 do not deadlock.
   */
  public void pauseCredential(
      Connection c,
      Collection<String> accountIds,
      String budgetId,
      int requestsPerFiveMinutes,
      Pause pause,
      Instant now) {
    for (String accountId : accountIds.stream().sorted().toList()) {
      pauses.pause(c, accountId, pause.until(), pause.reason(), pause.detail(), now);
    }
    TokenBucket bucket = budgets.lock(c, budgetId, requestsPerFiveMinutes, now);
    budgets.store(c, budgetId, bucket.emptyUntil(0, pause.until()));
  }

  /** Until when, and why, a credential's accounts are paused. */
  public record Pause(Instant until, AccountPauseRepository.Reason reason, String detail) {}
}
