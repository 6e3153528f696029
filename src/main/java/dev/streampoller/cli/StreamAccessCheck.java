package dev.streampoller.cli;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.ListDownloadsResult;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.Database;
import dev.streampoller.polling.BudgetReservation;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code check}'s proof that a credential can do what polling does: one {@code GET
 * .../stream/{uid}/downloads} for the account ({@link CloudflareClient#checkStreamAccess}), which
 * needs <i>Stream Read</i> (or <i>Stream Write</i>). Each request first takes one token of the
 * credential's shared budget when the database is usable, as the daemon's requests do, and none is
 * sent while the account is paused for a rate limit.
 */
final class StreamAccessCheck {
  /** Where a result goes: {@link CheckCommand}'s report. */
  @FunctionalInterface
  interface Reporter {
    void report(boolean ok, String what, String detail, int failureCode);
  }

  private final Clock clock;
  private final Optional<Database> database;
  private final Reporter reporter;

  StreamAccessCheck(Clock clock, Optional<Database> database, Reporter reporter) {
    this.clock = clock;
    this.database = database;
    this.reporter = reporter;
  }

  /**
   * Takes one token of the account's budget for a request; empty when the request may be sent, else
   * why not. Without a usable database there is no shared budget to draw from.
   */
  Optional<String> spend(AccountConfig account) {
    if (database.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    BudgetReservation.Request request =
        request(account, 1, BudgetReservation.PauseRule.RATE_LIMITED_ONLY);
    BudgetReservation.Outcome outcome =
        database.get().inTransaction(c -> new BudgetReservation().reserve(c, request, now));
    if (outcome instanceof BudgetReservation.Outcome.Paused paused) {
      return Optional.of(
          "not sent: account "
              + account.accountId()
              + " is rate limited until "
              + paused.pause().until()
              + "; try then");
    }
    if (outcome instanceof BudgetReservation.Outcome.TooFew tooFew) {
      return Optional.of(
          "not sent: the credential's request budget has no request left now; try again in "
              + (long) Math.ceil(tooFew.secondsToNextToken())
              + " s");
    }
    return Optional.empty();
  }

  /** {@code tokens} requests for {@code account}, from its credential's budget. */
  static BudgetReservation.Request request(
      AccountConfig account, int tokens, BudgetReservation.PauseRule pauses) {
    return new BudgetReservation.Request(
        account.accountId(),
        account.credential().budgetId(),
        account.requestsPerFiveMinutes(),
        tokens,
        pauses);
  }

  void check(AppConfig loaded, AccountConfig account) {
    String what = "cloudflare account " + account.accountId() + " Stream access";
    Optional<String> refused = spend(account);
    if (refused.isPresent()) {
      reporter.report(false, what, refused.get(), ExitCodes.UNAVAILABLE);
      return;
    }
    ListDownloadsResult result;
    try (CloudflareClient client = ApiClients.forAccount(loaded, account, clock)) {
      result = client.checkStreamAccess(account.accountId());
    }
    if (result instanceof ListDownloadsResult.Downloads
        || result instanceof ListDownloadsResult.VideoNotFound) {
      reporter.report(
          true, what, "a Stream downloads request was answered: Stream Read granted", ExitCodes.OK);
    } else if (result instanceof ListDownloadsResult.CredentialRejected rejected) {
      reporter.report(
          false,
          what,
          "Cloudflare refused a Stream request: the credential lacks the Stream Read permission"
              + " (or Stream Write) for account "
              + account.accountId()
              + ", so every poll would fail ("
              + ApiFailures.why(rejected.detail())
              + ")",
          ExitCodes.NO_PERMISSION);
    } else if (result instanceof ListDownloadsResult.RateLimited limited) {
      reporter.report(
          false,
          what,
          "could not be checked: rate limited (" + ApiFailures.why(limited.detail()) + ")",
          ExitCodes.UNAVAILABLE);
    } else if (result instanceof ListDownloadsResult.Failed failed) {
      reporter.report(
          false,
          what,
          "could not be checked (" + ApiFailures.why(failed.detail()) + ")",
          ExitCodes.UNAVAILABLE);
    }
  }
}
