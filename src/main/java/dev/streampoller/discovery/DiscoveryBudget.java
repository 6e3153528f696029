package dev.streampoller.discovery;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.polling.AccountPauseRepository;
import dev.streampoller.polling.BudgetReservation;
import dev.streampoller.polling.BudgetReservation.Outcome;
import dev.streampoller.polling.TokenBucket;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Discovery's share of the credential's budget, which ranks below every poll: a discovery request
 * takes its token through {@link BudgetReservation} only while the bucket holds more than {@link
 * #reserve} whole tokens besides, half its burst capacity, which is left to polls (downloads near
 * completion first, by their own order). So a busy poll load holds discovery back, never the
 * reverse. A list request is sent only when the tokens of one video's creates are there too, so
 * each list is followed by at least one video's creates. A 429 pauses every account of the
 * credential and empties the bucket, as a poll's does.
 */
final class DiscoveryBudget {
  private final BudgetReservation reservation = new BudgetReservation();

  /** The whole tokens discovery leaves in the bucket: half its burst capacity, rounded down. */
  static int reserve(int requestsPerFiveMinutes) {
    return (int)
        Math.floor(TokenBucket.forBudget(requestsPerFiveMinutes, Instant.EPOCH).capacity() / 2);
  }

  /** The most whole tokens the bucket of {@code requestsPerFiveMinutes} holds. */
  static int capacity(int requestsPerFiveMinutes) {
    return (int) TokenBucket.forBudget(requestsPerFiveMinutes, Instant.EPOCH).capacity();
  }

  /**
   * The tokens a round needs at once: one list and the creates of one video. Below that capacity,
   * every list would be held back before a create, and the next round would list again.
   */
  static int headroom(AccountConfig account) {
    return 1 + account.autoTrack().downloads().size();
  }

  /** The least budget per 5 minutes whose bucket holds {@code tokens} at once; 0 if none does. */
  static int leastBudgetHolding(int tokens) {
    for (int rpm = 2; rpm <= 1200; rpm++) {
      if (capacity(rpm) >= tokens) {
        return rpm;
      }
    }
    return 0;
  }

  /** The reserve, less where the bucket could not hold it and the {@link #headroom} both. */
  static int reserve(AccountConfig account) {
    int rpm = account.requestsPerFiveMinutes();
    return Math.max(0, Math.min(reserve(rpm), capacity(rpm) - headroom(account)));
  }

  /**
   * Takes {@code tokens} for {@code account} if the bucket has {@code ahead} (at least {@code
   * tokens}: what the step after this one needs too) plus the reserve; {@code beforeTaking}
   * (renewing the round's lease) runs with the bucket locked. The first reservation only asks
   * whether those are there (it takes nothing: {@code Withdrawn} answers yes); the second, under
   * the same lock in the same transaction, takes the tokens.
   */
  Outcome take(
      Connection c,
      AccountConfig account,
      int tokens,
      int ahead,
      Instant now,
      Predicate<Connection> beforeTaking) {
    int rpm = account.requestsPerFiveMinutes();
    String budgetId = account.credential().budgetId();
    Outcome probe =
        reservation.reserve(
            c,
            new BudgetReservation.Request(
                account.accountId(),
                budgetId,
                rpm,
                Math.max(tokens, ahead) + reserve(account),
                BudgetReservation.PauseRule.ANY),
            now,
            locked -> false);
    if (!(probe instanceof Outcome.Withdrawn)) {
      return probe;
    }
    return reservation.reserve(
        c,
        new BudgetReservation.Request(
            account.accountId(), budgetId, rpm, tokens, BudgetReservation.PauseRule.ANY),
        now,
        beforeTaking);
  }

  /** Pauses every account of the credential until {@code until} and empties its bucket. */
  void pause(
      Connection c,
      AccountConfig account,
      List<String> credentialAccounts,
      Instant until,
      AccountPauseRepository.Reason reason,
      String detail,
      Instant now) {
    reservation.pauseCredential(
        c,
        credentialAccounts,
        account.credential().budgetId(),
        account.requestsPerFiveMinutes(),
        new BudgetReservation.Pause(until, reason, detail),
        now);
  }
}
