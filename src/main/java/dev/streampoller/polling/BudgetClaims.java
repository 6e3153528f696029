package dev.streampoller.polling;

import dev.streampoller.cloudflare.RateLimitInfo;
import dev.streampoller.db.Database;
import dev.streampoller.db.DatabaseException;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a poll round takes from each budget: the claim of due videos under the bucket's lock (no
 * more than its whole tokens, the first one's token taken at once), the next moment a claim can
 * succeed, and the cap the API's rate-limit headers put on a bucket. Thread-safe: {@link PollCycle}
 * calls it for several budgets at once.
 */
final class BudgetClaims {
  private static final Logger LOG = LoggerFactory.getLogger(BudgetClaims.class);

  /** The longest a round skips a budget whose bucket it found empty, seconds. */
  static final double MAX_EMPTY_SKIP_SECONDS = 1.0;

  /** Share of the API's own limit kept free when its headers say how much is left. */
  static final double HEADER_SAFETY_SHARE = 0.05;

  /** A round's claim in one budget, and how many videos the budget's accounts track. */
  record Claimed(List<TrackedVideo> videos, int activeVideos) {}

  private final Database database;
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final RequestBudgetRepository budgets = new RequestBudgetRepository();
  private final int batchSize;
  private final Duration lease;
  private final Duration minInterval;
  private final Duration tick;
  private final Map<String, Instant> emptyUntil = new ConcurrentHashMap<>();

  BudgetClaims(Database database, PollCycle.Settings settings) {
    this.database = database;
    this.batchSize = settings.batchSize();
    this.lease = settings.lease();
    this.minInterval = settings.policy().minInterval();
    this.tick = settings.tick();
  }

  /** Claims at most one batch of {@code group}'s claimable videos for round {@code token}. */
  Claimed claim(PollCycle.Group group, String token, Instant now) {
    Instant notBefore = emptyUntil.get(group.budgetId());
    if (notBefore != null && now.isBefore(notBefore)) {
      // Its bucket had no whole token, and none comes before then (other instances only take
      // tokens), so a claim transaction now would find none either.
      return new Claimed(List.of(), 0);
    }
    return database.inTransaction(
        c -> {
          TokenBucket bucket =
              budgets.lock(c, group.budgetId(), group.requestsPerFiveMinutes(), now);
          int wanted = Math.min(batchSize, bucket.whole(now));
          if (wanted == 0) {
            // At most a second: a pause lifted meanwhile (thaw) refills it sooner.
            double wait = Math.min(MAX_EMPTY_SKIP_SECONDS, bucket.secondsToNextToken(now));
            emptyUntil.put(group.budgetId(), now.plusNanos((long) Math.ceil(wait * 1e9)));
            return new Claimed(List.of(), 0);
          }
          emptyUntil.remove(group.budgetId());
          double rate =
              TokenBucket.forBudget(group.requestsPerFiveMinutes(), now).sustainedPerSecond();
          TrackedVideoRepository.Claim claim =
              videos.claim(
                  c,
                  token,
                  group.accountIds(),
                  now,
                  lease,
                  new TrackedVideoRepository.ClaimOrder(minInterval, tick, rate),
                  wanted);
          // No more claims than tokens; each poll takes its own token right before its request
          // (PollRecorder.begin), so slow answers cannot push a window over budget. The first
          // one's is taken here, under the lock this claim holds anyway (its claim runs from now,
          // and claimDue skipped paused accounts as begin() would).
          if (claim.videos().isEmpty()) {
            return new Claimed(List.of(), 0);
          }
          budgets.store(c, group.budgetId(), bucket.take(1, now));
          return new Claimed(claim.videos(), claim.activeVideos());
        });
  }

  /**
   * When the next claim of any of {@code groups} can succeed: a video claimable and a whole token
   * in its budget, the earliest over the groups; empty when none tracks a video. One transaction
   * for every budget: a statement per budget for its videos (one for all of them reads every active
   * row in one pass, slower than each budget's through the index once the table is large: 200 ms
   * against 250 x 0.3 ms at 100,000 tracked), one for all the buckets. Buckets are read without
   * their lock: an estimate, which a claim then checks under the lock.
   */
  Optional<Instant> nextWake(List<PollCycle.Group> groups, Instant now) {
    if (groups.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> sizes = new HashMap<>();
    groups.forEach(g -> sizes.put(g.budgetId(), g.requestsPerFiveMinutes()));
    try {
      return database.inTransaction(
          c -> {
            Map<String, Instant> claimable = new HashMap<>();
            for (PollCycle.Group group : groups) {
              videos
                  .nextClaimable(c, group.accountIds(), minInterval)
                  .ifPresent(at -> claimable.put(group.budgetId(), at));
            }
            if (claimable.isEmpty()) {
              return Optional.<Instant>empty();
            }
            Map<String, TokenBucket> buckets = budgets.peekAll(c, sizes, now);
            Optional<Instant> wake = Optional.empty();
            for (Map.Entry<String, Instant> video : claimable.entrySet()) {
              Instant at = latest(video.getValue(), nextToken(buckets.get(video.getKey()), now));
              if (wake.isEmpty() || at.isBefore(wake.get())) {
                wake = Optional.of(at);
              }
            }
            return wake;
          });
    } catch (DatabaseException e) {
      // The tick still runs: a missed early wake-up only delays polls to it.
      return Optional.empty();
    }
  }

  private static Instant nextToken(TokenBucket bucket, Instant now) {
    double missing = Math.max(0, 1 - bucket.available(now));
    return now.plusNanos((long) Math.ceil(missing / bucket.refillPerSecond() * 1e9));
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * The API says how many requests its own window has left: never plan to spend more than that,
   * minus a safety share for the user's other tools.
   */
  void tighten(PollCycle.Group group, RateLimitInfo info, Instant at) {
    if (info.remaining().isEmpty()) {
      return;
    }
    int limit = info.limit().orElse(1200);
    double allowed = info.remaining().getAsInt() - Math.ceil(limit * HEADER_SAFETY_SHARE);
    if (allowed >= TokenBucket.forBudget(group.requestsPerFiveMinutes(), at).capacity()) {
      // The bucket never holds more than its capacity, so it holds no more than allowed: no
      // transaction for a poll whose answer says the API has plenty left (the usual case).
      return;
    }
    String budgetId = group.budgetId();
    database.run(
        c -> {
          TokenBucket bucket = budgets.lock(c, budgetId, group.requestsPerFiveMinutes(), at);
          if (bucket.available(at) > allowed) {
            // What the API allows until its window resets, and no refill before then.
            Instant reset = at.plus(info.reset().orElse(Duration.ZERO));
            budgets.store(c, budgetId, bucket.emptyUntil(Math.max(0, allowed), reset));
            LOG.debug(
                "Budget {} tightened to {} until {} by the API's rate-limit headers",
                budgetId,
                allowed,
                reset);
          }
        });
  }
}
