package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.db.Database;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restart lifts a rejected credential's pause and lets its frozen bucket refill at once; a
 * rate-limit pause of the same credential keeps both.
 */
@ExtendWith(PostgresExtension.class)
class CredentialPauseLiftIT {
  private static final Instant T0 = Instant.parse("2026-03-31T10:00:00Z");
  private static final Instant PAUSE_END = T0.plus(Duration.ofMinutes(5));
  private static final int BUDGET = 300;

  private final AccountPauseRepository pauses = new AccountPauseRepository();
  private final RequestBudgetRepository budgets = new RequestBudgetRepository();

  /** The bucket as every pause leaves it: empty and frozen until the pause's end. */
  private void freeze(Database db, String budgetId) {
    db.run(
        c -> {
          TokenBucket bucket = budgets.lock(c, budgetId, BUDGET, T0);
          budgets.store(c, budgetId, bucket.emptyUntil(0, PAUSE_END));
        });
  }

  private Optional<Instant> pausedUntil(Database db, String account, Instant at) {
    return db.inTransaction(c -> pauses.pausedUntil(c, account, at));
  }

  private double tokensAt(Database db, String budgetId, Instant at) {
    return db.inTransaction(c -> budgets.lock(c, budgetId, BUDGET, at).available(at));
  }

  @Test
  void shouldLiftACredentialPauseAndLetItsBucketRefillFromTheRestart(Database db) {
    db.run(
        c ->
            pauses.pause(
                c,
                "acct1",
                PAUSE_END,
                AccountPauseRepository.Reason.CREDENTIAL_REJECTED,
                "HTTP 403",
                T0));
    freeze(db, "token:a");
    Instant restart = T0.plusSeconds(10);

    var lifted =
        db.inTransaction(c -> CredentialPauseLift.atStart(c, Map.of("acct1", "token:a"), restart));

    assertThat(lifted).containsExactly("acct1");
    assertThat(pausedUntil(db, "acct1", restart)).isEmpty();
    // One second after the restart the bucket has refilled a second's worth, not nothing until
    // the old pause's end.
    double perSecond = TokenBucket.forBudget(BUDGET, T0).sustainedPerSecond();
    assertThat(tokensAt(db, "token:a", restart.plusSeconds(1))).isCloseTo(perSecond, within());
  }

  @Test
  void shouldKeepTheBucketFrozenWhileAnotherAccountOfTheCredentialIsRateLimited(Database db) {
    db.run(
        c -> {
          pauses.pause(
              c,
              "acct1",
              PAUSE_END,
              AccountPauseRepository.Reason.CREDENTIAL_REJECTED,
              "HTTP 403",
              T0);
          pauses.pause(
              c, "acct2", PAUSE_END, AccountPauseRepository.Reason.RATE_LIMITED, "HTTP 429", T0);
        });
    freeze(db, "token:a");
    Map<String, String> accounts = new LinkedHashMap<>();
    accounts.put("acct1", "token:a");
    accounts.put("acct2", "token:a");
    Instant restart = T0.plusSeconds(10);

    var lifted = db.inTransaction(c -> CredentialPauseLift.atStart(c, accounts, restart));

    assertThat(lifted).containsExactly("acct1");
    assertThat(pausedUntil(db, "acct2", restart)).contains(PAUSE_END);
    assertThat(tokensAt(db, "token:a", restart.plusSeconds(60))).isZero();
  }

  @Test
  void shouldLeaveARateLimitPauseAndItsBucketAlone(Database db) {
    db.run(
        c ->
            pauses.pause(
                c, "acct1", PAUSE_END, AccountPauseRepository.Reason.RATE_LIMITED, "429", T0));
    freeze(db, "token:a");
    Instant restart = T0.plusSeconds(10);

    var lifted =
        db.inTransaction(c -> CredentialPauseLift.atStart(c, Map.of("acct1", "token:a"), restart));

    assertThat(lifted).isEmpty();
    assertThat(pausedUntil(db, "acct1", restart)).contains(PAUSE_END);
    assertThat(tokensAt(db, "token:a", restart.plusSeconds(60))).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.01);
  }
}
