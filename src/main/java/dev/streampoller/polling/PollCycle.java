package dev.streampoller.polling;

import dev.streampoller.db.Database;
import dev.streampoller.db.DatabaseException;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.WebhookRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of polling: for each credential's budget, take as many tokens as there are due videos
 * (up to the batch size) and claim that many, most urgent first, in one transaction; then poll each
 * ({@link VideoPoll}). {@link #runOnce()} is what the Quartz poll job and the tests call. Safe to
 * call from several threads and instances at once: each round claims with its own token, and the
 * budget row's lock serializes claims, so together they never exceed the budget.
 */
public final class PollCycle {
  private static final Logger LOG = LoggerFactory.getLogger(PollCycle.class);

  /** How long a 429 without {@code Retry-After} blocks the account: Cloudflare blocks 5 minutes. */
  public static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofMinutes(5);

  /** How long a rejected credential pauses its accounts before one request checks it again. */
  public static final Duration CREDENTIAL_RECHECK = Duration.ofMinutes(5);

  /**
   * On {@link #stop()}, requests in flight get this long to finish before they are aborted (and
   * their videos given back): healthy answers take well under a second.
   */
  public static final Duration STOP_GRACE = Duration.ofSeconds(2);

  /** The accounts sharing one credential, hence one budget. */
  record Group(String budgetId, int requestsPerFiveMinutes, Map<String, PolledAccount> accounts) {
    List<String> accountIds() {
      return List.copyOf(accounts.keySet());
    }

    PolledAccount account(String accountId) {
      return Objects.requireNonNull(accounts.get(accountId), accountId);
    }
  }

  private final Database database;
  private final List<Group> groups;
  private final PollRecorder recorder;
  private final VideoPoll videoPoll;
  private final String owner;
  private final Duration lease;
  private final AtomicLong rounds = new AtomicLong();
  private final BudgetClaims claims;
  private volatile Optional<Instant> nextWake = Optional.empty();
  private final @Nullable BudgetWorkers workers;
  private volatile boolean stopping;

  /**
   * What the configuration decides of a poll cycle ({@code poll.*}) and who this instance is.
   *
   * @param owner this instance's id (unique per process); claim tokens are derived from it
   * @param policy when each video is polled next and when it is given up
   * @param batchSize the most videos one round claims within each budget
   * @param lease how long a claim holds (and a request may take)
   * @param tick the poll loop's {@code poll.check-interval}: the age guarantee allows one on top of
   *     the round-robin cycle
   * @param parallelism how many budgets one round polls at once, each in a thread of the cycle's
   *     own (1: in the calling thread). Within a budget, polls stay one after the other.
   */
  public record Settings(
      String owner,
      PollPolicy policy,
      int batchSize,
      Duration lease,
      Duration tick,
      int parallelism) {
    public Settings {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(tick, "tick");
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
      }
    }
  }

  /**
   * @param accounts the accounts this instance polls
   * @param routes where webhooks go ({@link WebhookRoutes#none()} records transitions only)
   * @param onEventsEnqueued called after a transaction that enqueued webhook events commits
   * @param metrics where polls, API latency, 429s and transitions are counted
   */
  public PollCycle(
      Database database,
      List<PolledAccount> accounts,
      WebhookRoutes routes,
      Clock clock,
      Settings settings,
      Runnable onEventsEnqueued,
      MeterRegistry metrics) {
    this.database = Objects.requireNonNull(database, "database");
    this.groups = groups(accounts);
    this.recorder = new PollRecorder(database, settings.policy(), routes);
    Objects.requireNonNull(clock, "clock");
    this.owner = settings.owner();
    this.lease = settings.lease();
    this.claims = new BudgetClaims(database, settings);
    this.workers = settings.parallelism() == 1 ? null : new BudgetWorkers(settings.parallelism());
    this.videoPoll =
        new VideoPoll(
            recorder,
            clock,
            lease,
            new VideoPoll.Hooks(onEventsEnqueued, claims::tighten, () -> stopping),
            metrics);
  }

  /**
   * Claims, within each budget, one batch of due videos and polls each; returns how many were
   * claimed. After {@link #stop()}, claims nothing and gives back what it had not polled yet.
   */
  public int runOnce() {
    int claimedTotal = 0;
    if (workers != null) {
      claimedTotal = workers.runAll(groups, group -> stopping ? 0 : runGroup(group));
    } else {
      for (Group group : groups) {
        if (stopping) {
          break;
        }
        claimedTotal += runGroup(group);
      }
    }
    nextWake = stopping ? Optional.empty() : claims.nextWake(groups, videoPoll.now());
    return claimedTotal;
  }

  /**
   * How long after now the last round found that a claim would next succeed (a video claimable and
   * a whole token in its budget); empty when nothing is tracked. The poll loop wakes then rather
   * than on its next tick, so polls happen when the policy says.
   */
  public Optional<Duration> untilNextWake() {
    return nextWake.map(at -> Duration.between(videoPoll.now(), at));
  }

  /**
   * Stops claiming; a running round gives back the videos it has not polled yet, and requests still
   * in flight after {@link #STOP_GRACE} are aborted, their videos given back too. So a stop never
   * waits on a slow or trickling answer for longer than the grace. Idempotent.
   */
  public void stop() {
    stopping = true;
    if (workers != null) {
      workers.shutdown();
    }
    for (Group group : groups) {
      for (PolledAccount account : group.accounts().values()) {
        account.client().abortInFlight(STOP_GRACE);
      }
    }
  }

  private int runGroup(Group group) {
    Instant now = videoPoll.now();
    String token = owner + "/" + rounds.incrementAndGet();
    BudgetClaims.Claimed claimed = claims.claim(group, token, now);
    Budget budget =
        new Budget(
            TokenBucket.forBudget(group.requestsPerFiveMinutes(), now).sustainedPerSecond(),
            claimed.activeVideos());
    Optional<Instant> pausedUntil = Optional.empty();
    // Past half the lease, the rest of the batch is given back so that any free worker takes it at
    // once, instead of waiting behind slow answers here or for the claims to expire.
    Instant giveBackAfter = now.plus(lease.dividedBy(2));
    int givenBack = 0;
    Optional<PollRecorder.Begun> begun =
        Optional.of(new PollRecorder.Begun(new PollRecorder.Start.Go(), now));
    List<TrackedVideo> batch = claimed.videos();
    for (int i = 0; i < batch.size(); i++) {
      TrackedVideo video = batch.get(i);
      VideoKey key = video.key();
      Optional<PollRecorder.Begun> started = begun;
      begun = Optional.empty();
      Optional<VideoKey> next =
          i + 1 < batch.size() ? Optional.of(batch.get(i + 1).key()) : Optional.empty();
      try {
        if (stopping) {
          recorder.release(key, token, video.nextPollAt());
        } else if (pausedUntil.isPresent()) {
          recorder.release(key, token, pausedUntil.get());
        } else if (videoPoll.now().isAfter(giveBackAfter)) {
          recorder.release(key, token, video.nextPollAt());
          givenBack++;
        } else {
          VideoPoll.Outcome outcome = videoPoll.poll(key, token, group, budget, started, next);
          if (outcome instanceof VideoPoll.Outcome.Paused paused) {
            pausedUntil = Optional.of(paused.until());
          } else if (outcome instanceof VideoPoll.Outcome.Done done) {
            begun = done.next();
          }
        }
      } catch (DatabaseException e) {
        if (!e.isUnavailable()) {
          recordUnexpectedFailure(key, token, e);
          continue;
        }
        // Every further video would wait for a connection in vain: stop here. Their claims
        // expire after the lease; the next round after the database is back polls what is due.
        LOG.warn(
            "Database unavailable; round {} abandoned, its unpolled videos return after the lease"
                + " ({})",
            token,
            e.getMessage());
        break;
      } catch (RuntimeException e) {
        recordUnexpectedFailure(key, token, e);
      }
    }
    if (givenBack > 0) {
      LOG.debug("Round {} ran past half its lease; gave back {} unpolled videos", token, givenBack);
    }
    return claimed.videos().size();
  }

  /**
   * A poll whose outcome could not be written (a bug, a constraint the data breaks, a database
   * hiccup) is recorded as a failed poll in a fresh transaction, so it backs off and eventually
   * gives up instead of repeating silently. If even that fails, the lease brings it back.
   */
  private void recordUnexpectedFailure(VideoKey key, String token, RuntimeException e) {
    LOG.error("{}: poll could not be recorded; retrying with backoff", key, e);
    try {
      recorder.recordFailure(key, token, "could not record the answer: " + e, videoPoll.now());
    } catch (RuntimeException again) {
      e.addSuppressed(again);
      LOG.error("{}: the failure could not be recorded either; retried after the lease", key);
    }
  }

  private static List<Group> groups(List<PolledAccount> accounts) {
    Map<String, Map<String, PolledAccount>> byBudget = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (PolledAccount account : accounts) {
      Integer size = sizes.putIfAbsent(account.budgetId(), account.requestsPerFiveMinutes());
      if (size != null && size != account.requestsPerFiveMinutes()) {
        throw new IllegalArgumentException(
            "accounts sharing a credential must share one budget: " + account.accountId());
      }
      byBudget
          .computeIfAbsent(account.budgetId(), id -> new LinkedHashMap<>())
          .put(account.accountId(), account);
    }
    List<Group> groups = new ArrayList<>();
    byBudget.forEach(
        (id, members) -> groups.add(new Group(id, sizes.get(id), Map.copyOf(members))));
    return List.copyOf(groups);
  }
}
