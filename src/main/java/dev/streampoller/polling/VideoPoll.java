package dev.streampoller.polling;

import dev.streampoller.cloudflare.ListDownloadsResult;
import dev.streampoller.cloudflare.RateLimitInfo;
import dev.streampoller.ops.MetricNames;
import dev.streampoller.tracking.VideoKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Polls one claimed video and records the answer: the per-video half of {@link PollCycle}. Each
 * kind of answer has its rule: downloads are recorded, a 404 ends tracking, a 429 or a rejected
 * credential pauses every account of the credential, anything else is a failed poll with backoff.
 *
 * <p>The request always ends while the claim holds: {@link PollRecorder#begin} renews the claim for
 * one lease right before the request, and the request gets what is left of that lease, minus a
 * margin, as its deadline. So a claim can never expire under an open request, and no other worker
 * can poll the same video while it is open.
 */
final class VideoPoll {
  private static final Logger LOG = LoggerFactory.getLogger(VideoPoll.class);

  /** What one poll did to the rest of the round. */
  sealed interface Outcome {
    /**
     * Nothing that affects other videos; {@code next} is the next video's {@link
     * PollRecorder#begin}, when it was done in this poll's transaction.
     */
    record Done(Optional<PollRecorder.Begun> next) implements Outcome {
      Done() {
        this(Optional.empty());
      }
    }

    /** Every account of the credential is paused until then. */
    record Paused(Instant until) implements Outcome {}
  }

  /** Longest margin kept between a request's deadline and the end of its claim. */
  static final Duration MAX_CLAIM_MARGIN = Duration.ofSeconds(1);

  private final PollRecorder recorder;
  private final Clock clock;
  private final Duration lease;
  private final Duration claimMargin;
  private final Hooks hooks;
  private final DownloadsAnswer downloadsAnswer;
  private final MeterRegistry metrics;
  private final Timer apiRequests;

  /** Applies what the API's rate-limit headers say is left of the budget. */
  @FunctionalInterface
  interface BudgetTightener {
    void remaining(PollCycle.Group group, RateLimitInfo info, Instant at);
  }

  /**
   * What a poll tells its {@link PollCycle}, or asks it.
   *
   * @param onEventsEnqueued called after a transaction that enqueued webhook events commits
   * @param tightener applies the API's rate-limit headers to the budget
   * @param stopping whether the cycle is stopping (a failure then is an abort, not an answer)
   */
  record Hooks(Runnable onEventsEnqueued, BudgetTightener tightener, BooleanSupplier stopping) {}

  VideoPoll(
      PollRecorder recorder, Clock clock, Duration lease, Hooks hooks, MeterRegistry metrics) {
    this.recorder = recorder;
    this.clock = clock;
    this.lease = lease;
    this.claimMargin = claimMargin(lease);
    this.hooks = hooks;
    this.downloadsAnswer = new DownloadsAnswer(recorder, metrics, hooks.onEventsEnqueued());
    this.metrics = metrics;
    this.apiRequests = metrics.timer(MetricNames.API_REQUEST);
  }

  /**
   * Polls {@code key}: begins it unless {@code begun} says how its beginning went, and begins
   * {@code next} in the transaction that records a listed answer (see {@link Outcome.Done#next}).
   */
  Outcome poll(
      VideoKey key,
      String token,
      PollCycle.Group group,
      Budget budget,
      Optional<PollRecorder.Begun> begun,
      Optional<VideoKey> next) {
    // Every log line about this video carries its ids (JSON logs show the MDC as fields).
    try (MDC.MDCCloseable account = MDC.putCloseable("account", key.accountId());
        MDC.MDCCloseable video = MDC.putCloseable("video", key.videoUid())) {
      return pollLogged(key, token, group, budget, begun, next);
    }
  }

  private Outcome pollLogged(
      VideoKey key,
      String token,
      PollCycle.Group group,
      Budget budget,
      Optional<PollRecorder.Begun> begunBefore,
      Optional<VideoKey> next) {
    Instant begun = begunBefore.map(PollRecorder.Begun::at).orElseGet(this::now);
    PollRecorder.Start start =
        begunBefore
            .map(PollRecorder.Begun::start)
            .orElseGet(() -> recorder.begin(key, token, begun, lease, group));
    if (start instanceof PollRecorder.Start.NotBefore paused) {
      return new Outcome.Paused(paused.until());
    }
    if (start instanceof PollRecorder.Start.ClaimLost) {
      LOG.warn("{}: claim lost before polling; another worker has it", key);
      return new Outcome.Done();
    }
    // The claim now lasts until begun + lease; the request must be over (answered or cut) before.
    Duration left = Duration.between(now(), begun.plus(lease)).minus(claimMargin);
    if (left.isNegative() || left.isZero()) {
      LOG.warn("{}: no time left in its claim to send the request; given back", key);
      recorder.release(key, token, begun);
      return new Outcome.Done();
    }
    PolledAccount account = group.account(key.accountId());
    long started = System.nanoTime();
    ListDownloadsResult result =
        account.client().listDownloads(key.accountId(), key.videoUid(), left);
    apiRequests.record(Duration.ofNanos(System.nanoTime() - started));
    metrics.counter(MetricNames.POLLS, MetricNames.OUTCOME, outcome(result)).increment();
    Instant at = now();
    if (result instanceof ListDownloadsResult.Failed && hooks.stopping().getAsBoolean()) {
      // Most likely aborted by the stop, not the API's fault: give it back, due now.
      LOG.info("{}: poll cut short by the stop; given back", key);
      recorder.release(key, token, begun);
      return new Outcome.Done();
    }
    try {
      rateLimitOf(result).ifPresent(info -> hooks.tightener().remaining(group, info, at));
    } catch (RuntimeException e) {
      // Tightening is a refinement: failing it must not lose this answer.
      LOG.warn("{}: could not apply the API's rate-limit headers: {}", key, e.toString());
    }
    if (result instanceof ListDownloadsResult.Downloads downloads) {
      return new Outcome.Done(
          downloadsAnswer.record(
              key,
              token,
              downloads.downloads(),
              at,
              budget,
              next.map(n -> new PollRecorder.Next(n, lease, group))));
    } else if (result instanceof ListDownloadsResult.VideoNotFound gone) {
      LOG.info("{}: the API no longer knows this video; tracking ended ({})", key, gone.detail());
      logClaimLost(key, recorder.recordGone(key, token, gone.detail(), at));
    } else if (result instanceof ListDownloadsResult.RateLimited limited) {
      metrics.counter(MetricNames.RATE_LIMITED).increment();
      Instant until = at.plus(limited.retryAfter().orElse(PollCycle.DEFAULT_RATE_LIMIT_PAUSE));
      LOG.warn(
          "Accounts {} rate limited by the API; no requests until {} ({})",
          group.accountIds(),
          until,
          limited.detail());
      recorder.pauseAccounts(
          key,
          token,
          group,
          until,
          AccountPauseRepository.Reason.RATE_LIMITED,
          limited.detail(),
          at);
      return new Outcome.Paused(until);
    } else if (result instanceof ListDownloadsResult.CredentialRejected rejected) {
      Instant until = at.plus(PollCycle.CREDENTIAL_RECHECK);
      LOG.error(
          "Accounts {}: the API rejected the credential; their polling is paused "
              + "(rechecked at {}, or fix the api-token / api-key and restart): {}",
          group.accountIds(),
          until,
          rejected.detail());
      recorder.pauseAccounts(
          key,
          token,
          group,
          until,
          AccountPauseRepository.Reason.CREDENTIAL_REJECTED,
          rejected.detail(),
          at);
      return new Outcome.Paused(until);
    } else if (result instanceof ListDownloadsResult.Failed failed) {
      LOG.warn("{}: poll failed, will retry with backoff: {}", key, failed.detail());
      logClaimLost(key, recorder.recordFailure(key, token, failed.detail(), at));
    }
    return new Outcome.Done();
  }

  private static String outcome(ListDownloadsResult result) {
    if (result instanceof ListDownloadsResult.Downloads) {
      return "downloads";
    }
    if (result instanceof ListDownloadsResult.VideoNotFound) {
      return "not_found";
    }
    if (result instanceof ListDownloadsResult.RateLimited) {
      return "rate_limited";
    }
    return result instanceof ListDownloadsResult.CredentialRejected
        ? "credential_rejected"
        : "failed";
  }

  private static Optional<RateLimitInfo> rateLimitOf(ListDownloadsResult result) {
    if (result instanceof ListDownloadsResult.Downloads d) {
      return Optional.of(d.rateLimit());
    }
    if (result instanceof ListDownloadsResult.RateLimited r) {
      return Optional.of(r.rateLimit());
    }
    if (result instanceof ListDownloadsResult.Failed f) {
      return Optional.of(f.rateLimit());
    }
    return Optional.empty();
  }

  /**
   * The margin kept between a request's deadline and the end of its claim, for the deadline
   * thread's latency and small clock differences between instances: a tenth of the lease, at most
   * {@link #MAX_CLAIM_MARGIN}.
   */
  static Duration claimMargin(Duration lease) {
    Duration tenth = lease.dividedBy(10);
    return tenth.compareTo(MAX_CLAIM_MARGIN) < 0 ? tenth : MAX_CLAIM_MARGIN;
  }

  /** Database timestamps have microseconds: keep payload times equal to the stored ones. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static void logClaimLost(VideoKey key, PollRecorder.Recorded recorded) {
    if (!recorded.claimHeld()) {
      LOG.warn(
          "{}: claim expired during the poll; its result was dropped and it will be re-polled",
          key);
    }
  }
}
