package dev.streampoller.polling;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.Download;
import dev.streampoller.cloudflare.ListDownloadsResult;
import dev.streampoller.db.Database;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of polling: claim the due videos of the configured accounts, call the API for each, and
 * record each answer ({@link PollRecorder}). {@link #runOnce()} is what the Quartz poll job and the
 * tests call. Safe to call from several threads and instances at once: each round claims with its
 * own token, so rounds never work on the same video and a stale round can never record.
 */
public final class PollCycle {
  private static final Logger LOG = LoggerFactory.getLogger(PollCycle.class);

  /** How long a 429 without {@code Retry-After} blocks the account: Cloudflare blocks 5 minutes. */
  public static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofMinutes(5);

  /** How long a rejected credential pauses its account before one request checks it again. */
  public static final Duration CREDENTIAL_RECHECK = Duration.ofMinutes(5);

  private final Database database;
  private final Map<String, CloudflareClient> clientsByAccount;
  private final PollRecorder recorder;
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final Clock clock;
  private final String owner;
  private final int batchSize;
  private final Duration lease;
  private final Runnable onEventsEnqueued;
  private final AtomicLong rounds = new AtomicLong();
  private volatile boolean stopping;

  /**
   * @param clientsByAccount the API client of each account this instance polls
   * @param webhookTarget where webhooks go; empty to record transitions without webhooks
   * @param owner this instance's id (unique per process); claim tokens are derived from it
   * @param onEventsEnqueued called after a transaction that enqueued webhook events commits
   */
  public PollCycle(
      Database database,
      Map<String, CloudflareClient> clientsByAccount,
      PollPolicy policy,
      Optional<URI> webhookTarget,
      Clock clock,
      String owner,
      int batchSize,
      Duration lease,
      Runnable onEventsEnqueued) {
    this.database = Objects.requireNonNull(database, "database");
    this.clientsByAccount = Map.copyOf(clientsByAccount);
    this.recorder = new PollRecorder(database, policy, webhookTarget);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.batchSize = batchSize;
    this.lease = Objects.requireNonNull(lease, "lease");
    this.onEventsEnqueued = Objects.requireNonNull(onEventsEnqueued, "onEventsEnqueued");
  }

  /**
   * Claims one batch of due videos and polls each; returns how many were claimed. After {@link
   * #stop()}, claims nothing and gives back what it had not polled yet.
   */
  public int runOnce() {
    if (stopping) {
      return 0;
    }
    String token = owner + "/" + rounds.incrementAndGet();
    Instant now = now();
    List<TrackedVideo> claimed =
        database.inTransaction(
            c ->
                videos.claimDue(
                    c,
                    token,
                    clientsByAccount.keySet(),
                    now,
                    lease,
                    PollDecision.URGENCY_WEIGHT,
                    batchSize));
    Map<String, Instant> pausedAccounts = new HashMap<>();
    for (TrackedVideo video : claimed) {
      VideoKey key = video.key();
      try {
        if (stopping) {
          recorder.release(key, token, video.nextPollAt());
          continue;
        }
        Instant pausedUntil = pausedAccounts.get(key.accountId());
        if (pausedUntil != null) {
          recorder.release(key, token, pausedUntil);
        } else {
          pollOne(key, token).ifPresent(until -> pausedAccounts.put(key.accountId(), until));
        }
      } catch (RuntimeException e) {
        recordUnexpectedFailure(key, token, e);
      }
    }
    return claimed.size();
  }

  /** Stops claiming; a running round gives back the videos it has not polled yet. Idempotent. */
  public void stop() {
    stopping = true;
  }

  /** Polls one claimed video; returns the pause end when the account is (now) paused. */
  private Optional<Instant> pollOne(VideoKey key, String token) {
    PollRecorder.Start start = recorder.begin(key, token, now(), lease);
    if (start instanceof PollRecorder.Start.AccountPaused paused) {
      return Optional.of(paused.until());
    }
    if (start instanceof PollRecorder.Start.ClaimLost) {
      LOG.warn("{}: claim lost before polling; another worker has it", key);
      return Optional.empty();
    }
    CloudflareClient client = clientsByAccount.get(key.accountId());
    ListDownloadsResult result = client.listDownloads(key.accountId(), key.videoUid());
    Instant at = now();
    if (result instanceof ListDownloadsResult.Downloads downloads) {
      recordDownloads(key, token, downloads.downloads(), at);
    } else if (result instanceof ListDownloadsResult.VideoNotFound gone) {
      LOG.info("{}: the API no longer knows this video; tracking ended ({})", key, gone.detail());
      logClaimLost(key, recorder.recordGone(key, token, gone.detail(), at));
    } else if (result instanceof ListDownloadsResult.RateLimited limited) {
      Instant until = at.plus(limited.retryAfter().orElse(DEFAULT_RATE_LIMIT_PAUSE));
      LOG.warn(
          "Account {} rate limited by the API; no requests until {} ({})",
          key.accountId(),
          until,
          limited.detail());
      recorder.pauseAccount(
          key, token, until, AccountPauses.Reason.RATE_LIMITED, limited.detail(), at);
      return Optional.of(until);
    } else if (result instanceof ListDownloadsResult.CredentialRejected rejected) {
      Instant until = at.plus(CREDENTIAL_RECHECK);
      LOG.error(
          "Account {}: the API rejected the credential; polling of this account is paused "
              + "(rechecked at {}, or fix cloudflare.api-token / api-key and restart): {}",
          key.accountId(),
          until,
          rejected.detail());
      recorder.pauseAccount(
          key, token, until, AccountPauses.Reason.CREDENTIAL_REJECTED, rejected.detail(), at);
      return Optional.of(until);
    } else if (result instanceof ListDownloadsResult.Failed failed) {
      LOG.warn("{}: poll failed, will retry with backoff: {}", key, failed.detail());
      logClaimLost(key, recorder.recordFailure(key, token, failed.detail(), at));
    }
    return Optional.empty();
  }

  private void recordDownloads(VideoKey key, String token, List<Download> downloads, Instant at) {
    List<DownloadSnapshot> observed = new ArrayList<>(downloads.size());
    try {
      for (Download d : downloads) {
        observed.add(new DownloadSnapshot(d.type(), d.status(), d.percentComplete(), d.url()));
      }
    } catch (IllegalArgumentException invalid) {
      String error = "invalid download in API answer: " + invalid.getMessage();
      LOG.warn("{}: {}", key, error);
      logClaimLost(key, recorder.recordFailure(key, token, error, at));
      return;
    }
    PollRecorder.Recorded recorded =
        recorder.recordDownloads(key, token, observed, at, new Budget(3, 1));
    logClaimLost(key, recorded);
    for (Transition t : recorded.transitions()) {
      // Progress is per-item detail (DEBUG); a download ending is worth a line at INFO.
      if (t.becameTerminal()) {
        LOG.info("{}: {} download is {}", key, t.downloadType(), t.after().status());
      } else {
        LOG.debug(
            "{}: {} {} -> {} ({}%)",
            key,
            t.downloadType(),
            t.before() == null ? "new" : t.before().status(),
            t.after().status(),
            t.after().percentComplete());
      }
    }
    if (recorded.eventsEnqueued() > 0) {
      onEventsEnqueued.run();
    }
  }

  /**
   * A poll whose outcome could not be written (a bug, a constraint the data breaks, a database
   * hiccup) is recorded as a failed poll in a fresh transaction, so it backs off and eventually
   * gives up instead of repeating silently. If even that fails, the lease brings it back.
   */
  private void recordUnexpectedFailure(VideoKey key, String token, RuntimeException e) {
    LOG.error("{}: poll could not be recorded; retrying with backoff", key, e);
    try {
      recorder.recordFailure(key, token, "could not record the answer: " + e, now());
    } catch (RuntimeException again) {
      e.addSuppressed(again);
      LOG.error("{}: the failure could not be recorded either; retried after the lease", key);
    }
  }

  /** Database timestamps have microseconds: keep payload times equal to the stored ones. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void logClaimLost(VideoKey key, PollRecorder.Recorded recorded) {
    if (!recorded.claimHeld()) {
      LOG.warn(
          "{}: claim expired during the poll; its result was dropped and it will be re-polled",
          key);
    }
  }
}
