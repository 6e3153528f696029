package dev.streampoller.discovery;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.ListDownloadsResult;
import dev.streampoller.cloudflare.RateLimitInfo;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.db.Database;
import dev.streampoller.ops.MetricNames;
import dev.streampoller.polling.AccountPauseRepository;
import dev.streampoller.polling.BudgetReservation.Outcome;
import dev.streampoller.polling.CreatedDownloads;
import dev.streampoller.polling.PollCycle;
import dev.streampoller.tracking.TrackedVideoRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one round of one account works with: its row's lease, the budget, the repositories, the
 * clock and the metrics; and the rules that end a round (held back, failed with backoff, paused).
 */
final class RoundContext {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRound.class);

  /** The longest wait between failed rounds. */
  static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** The least wait when the budget holds discovery back: polls come first. */
  static final Duration BUDGET_RETRY = Duration.ofSeconds(5);

  private final Database database;
  private final DiscoveredAccount target;
  private final String owner;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final int failures;
  private final java.util.function.BooleanSupplier stopping;
  private int found;
  private boolean answered;
  private @org.jspecify.annotations.Nullable String skipped;
  private final DiscoveryRepository rows = new DiscoveryRepository();
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final DiscoveryBudget budget = new DiscoveryBudget();
  private final CreatedDownloads createdDownloads;

  RoundContext(
      Database database,
      DiscoveredAccount target,
      String owner,
      Clock clock,
      MeterRegistry metrics,
      CreatedDownloads createdDownloads,
      int failures,
      java.util.function.BooleanSupplier stopping) {
    this.stopping = stopping;
    this.database = database;
    this.target = target;
    this.owner = owner;
    this.clock = clock;
    this.metrics = metrics;
    this.createdDownloads = createdDownloads;
    this.failures = failures;
  }

  /**
   * The lease of a round: long enough for the requests made between two renewals (a list, or the
   * creations of one video), each within the client's deadline.
   */
  static Duration lease(CloudflareClient client) {
    return client.requestDeadline().multipliedBy(3).plusSeconds(5);
  }

  Instant leaseEnd(Instant now) {
    return now.plus(lease(target.client()));
  }

  /**
   * Takes {@code tokens} from the budget if {@code ahead} are there ({@link DiscoveryBudget#take}),
   * renewing the lease and counting {@code listRequests} in the same transaction; the round's end
   * when the budget, a pause or a lost lease holds it back.
   */
  Optional<RoundEnd> takeTokens(int tokens, int ahead, int listRequests) {
    Instant now = now();
    Outcome outcome =
        inTransaction(
            c ->
                budget.take(
                    c,
                    target.account(),
                    tokens,
                    ahead,
                    now,
                    locked -> rows.renew(locked, accountId(), owner, leaseEnd(now), listRequests)));
    if (outcome instanceof Outcome.Paused paused) {
      return Optional.of(RoundEnd.heldBack(paused.pause().until()));
    }
    if (outcome instanceof Outcome.TooFew tooFew) {
      Instant next = tooFew.nextTokenAt(now);
      return Optional.of(RoundEnd.heldBack(later(next, now.plus(BUDGET_RETRY))));
    }
    if (outcome instanceof Outcome.Withdrawn) {
      return Optional.of(RoundEnd.leaseLost());
    }
    return Optional.empty();
  }

  /**
   * A refused or failed request: a 429 pauses the credential's accounts (and empties its bucket), a
   * rejected credential pauses them for the recheck time, anything else is retried after a backoff
   * that doubles with each failed round from the interval, up to {@link #MAX_BACKOFF}.
   */
  RoundEnd failure(ListDownloadsResult result, String what) {
    Instant now = now();
    metrics.counter(MetricNames.DISCOVERY_ERRORS).increment();
    if (result instanceof ListDownloadsResult.RateLimited limited) {
      metrics.counter(MetricNames.RATE_LIMITED).increment();
      Instant until = now.plus(limited.retryAfter().orElse(PollCycle.DEFAULT_RATE_LIMIT_PAUSE));
      pause(until, AccountPauseRepository.Reason.RATE_LIMITED, limited.detail());
      return RoundEnd.failed(until, what + ": rate limited: " + limited.detail());
    }
    if (result instanceof ListDownloadsResult.CredentialRejected rejected) {
      Instant until = now.plus(PollCycle.CREDENTIAL_RECHECK);
      pause(until, AccountPauseRepository.Reason.CREDENTIAL_REJECTED, rejected.detail());
      return RoundEnd.failed(until, what + ": credential rejected: " + rejected.detail());
    }
    String detail =
        result instanceof ListDownloadsResult.Failed failed ? failed.detail() : result.toString();
    Duration backoff = backoff(target.settings().interval(), failures + 1);
    LOG.warn(
        "Account {}: discovery failed ({}: {}); retried in {}", accountId(), what, detail, backoff);
    return RoundEnd.failed(now.plus(backoff), what + ": " + detail);
  }

  /** The wait after the {@code failures}-th failed round in a row. */
  static Duration backoff(Duration interval, int failures) {
    Duration delay = interval.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  private void pause(Instant until, AccountPauseRepository.Reason reason, String detail) {
    LOG.warn(
        "Accounts {}: {} during discovery; no requests until {} ({})",
        target.credentialAccountIds(),
        reason,
        until,
        detail);
    Instant now = now();
    database.run(
        c ->
            budget.pause(
                c, target.account(), target.credentialAccountIds(), until, reason, detail, now));
  }

  /**
   * The round's end when the credential's bucket cannot hold a list and one video's creates at
   * once: a recorded failure, retried with backoff, instead of rounds that list and never create.
   */
  Optional<RoundEnd> budgetTooSmall() {
    AccountConfig account = target.account();
    int capacity = DiscoveryBudget.capacity(account.requestsPerFiveMinutes());
    int headroom = DiscoveryBudget.headroom(account);
    if (capacity >= headroom) {
      return Optional.empty();
    }
    return Optional.of(
        failure(
            new ListDownloadsResult.Failed(
                "a budget of "
                    + account.requestsPerFiveMinutes()
                    + " per 5 minutes holds "
                    + capacity
                    + " request(s) at once, fewer than a list and the "
                    + (headroom - 1)
                    + " create(s) of a video: raise rate-limit.requests-per-5-minutes to at least "
                    + DiscoveryBudget.leastBudgetHolding(headroom)
                    + " or create fewer download types",
                java.util.OptionalInt.empty(),
                RateLimitInfo.none()),
            "budget"));
  }

  /**
   * A video passed over because its create was refused: counted as a discovery error and kept for
   * the row's {@code last_error}, though the round goes on.
   */
  void skipped(String what, String detail) {
    metrics.counter(MetricNames.DISCOVERY_ERRORS).increment();
    LOG.warn("Account {}: discovery passed a video ({}: {})", accountId(), what, detail);
    skipped = what + ": " + detail;
  }

  /** The last video this round passed over and why, or null. */
  @org.jspecify.annotations.Nullable
  String skippedError() {
    return skipped;
  }

  /** Whether the daemon is stopping: the round ends after the video it is on. */
  boolean stopping() {
    return stopping.getAsBoolean();
  }

  /** Records that a list answer arrived: the round ran, even if the budget cut it short. */
  void answered() {
    answered = true;
  }

  boolean wasAnswered() {
    return answered;
  }

  /** Videos this round started tracking. */
  int found() {
    return found;
  }

  void discovered() {
    found++;
    metrics.counter(MetricNames.VIDEOS_DISCOVERED).increment();
  }

  <T> T inTransaction(Database.Work<T> work) {
    return database.inTransaction(work);
  }

  Instant now() {
    return clock.instant();
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  String accountId() {
    return target.accountId();
  }

  String owner() {
    return owner;
  }

  CloudflareClient client() {
    return target.client();
  }

  AccountConfig.AutoTrack settings() {
    return target.settings();
  }

  DiscoveryRepository rows() {
    return rows;
  }

  TrackedVideoRepository videos() {
    return videos;
  }

  CreatedDownloads createdDownloads() {
    return createdDownloads;
  }
}
