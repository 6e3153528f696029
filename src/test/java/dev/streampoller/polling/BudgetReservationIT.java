package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.db.Database;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The one home of budget reservations (polls, {@code track --create}, {@code check}): which pauses
 * refuse, how many tokens are taken, and that a refusal or a withdrawn reservation takes none.
 */
@ExtendWith(PostgresExtension.class)
class BudgetReservationIT {
  private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
  private static final String BUDGET_ID = "token:abc";

  /** A bucket of 10 tokens: {@code min(30, 300 / 30)}. */
  private static final int BUDGET = 300;

  private final BudgetReservation reservation = new BudgetReservation();
  private final AccountPauseRepository pauses = new AccountPauseRepository();
  private final RequestBudgetRepository budgets = new RequestBudgetRepository();

  private static BudgetReservation.Request request(int tokens, BudgetReservation.PauseRule rule) {
    return new BudgetReservation.Request("acct1", BUDGET_ID, BUDGET, tokens, rule);
  }

  private BudgetReservation.Outcome reserve(Database db, BudgetReservation.Request request) {
    return db.inTransaction(c -> reservation.reserve(c, request, T0));
  }

  private int tokensLeft(Database db) {
    return db.inTransaction(c -> budgets.lock(c, BUDGET_ID, BUDGET, T0).whole(T0));
  }

  @Test
  void shouldTakeTheTokensAskedForAndRefuseWhenFewerAreLeft(Database db) {
    assertThat(reserve(db, request(7, BudgetReservation.PauseRule.ANY)))
        .isInstanceOf(BudgetReservation.Outcome.Taken.class);
    assertThat(tokensLeft(db)).isEqualTo(3);

    BudgetReservation.Outcome refused = reserve(db, request(4, BudgetReservation.PauseRule.ANY));

    assertThat(refused)
        .isInstanceOfSatisfying(
            BudgetReservation.Outcome.TooFew.class,
            tooFew -> {
              assertThat(tooFew.available()).isEqualTo(3);
              assertThat(tooFew.nextTokenAt(T0)).isEqualTo(T0);
            });
    assertThat(tokensLeft(db)).isEqualTo(3);
  }

  @Test
  void shouldRefuseEveryPauseForPollsButOnlyARateLimitForACheck(Database db) {
    Instant until = T0.plus(Duration.ofMinutes(5));
    db.run(
        c ->
            pauses.pause(
                c,
                "acct1",
                until,
                AccountPauseRepository.Reason.CREDENTIAL_REJECTED,
                "HTTP 403",
                T0));

    assertThat(reserve(db, request(1, BudgetReservation.PauseRule.ANY)))
        .isEqualTo(
            new BudgetReservation.Outcome.Paused(
                new AccountPauseRepository.Pause(until, "credential_rejected", "HTTP 403")));
    assertThat(reserve(db, request(1, BudgetReservation.PauseRule.RATE_LIMITED_ONLY)))
        .isInstanceOf(BudgetReservation.Outcome.Taken.class);

    Instant later = until.plus(Duration.ofMinutes(1));
    db.run(
        c ->
            pauses.pause(
                c, "acct1", later, AccountPauseRepository.Reason.RATE_LIMITED, "HTTP 429", T0));
    assertThat(reserve(db, request(1, BudgetReservation.PauseRule.RATE_LIMITED_ONLY)))
        .isInstanceOf(BudgetReservation.Outcome.Paused.class);
    assertThat(tokensLeft(db)).isEqualTo(9);
  }

  @Test
  void shouldTakeNothingWhenTheCallersLastCheckFails(Database db) {
    BudgetReservation.Outcome outcome =
        db.inTransaction(
            c ->
                reservation.reserve(
                    c, request(2, BudgetReservation.PauseRule.ANY), T0, locked -> false));

    assertThat(outcome).isInstanceOf(BudgetReservation.Outcome.Withdrawn.class);
    assertThat(tokensLeft(db)).isEqualTo(10);
  }
}
