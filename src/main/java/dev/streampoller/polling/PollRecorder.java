package dev.streampoller.polling;

import dev.streampoller.db.Database;
import dev.streampoller.tracking.Detection;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.DownloadStateRepository;
import dev.streampoller.tracking.EndReason;
import dev.streampoller.tracking.PollFinish;
import dev.streampoller.tracking.StoredDownload;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.TransitionDetector;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.WebhookRoutes;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome of one poll: state, transitions, outbox rows and the next poll time, all in
 * ONE transaction, and only while the caller still holds the video's claim (identified by the claim
 * token of its poll round). If the claim was lost the result is dropped: the worker that holds it
 * now polls again, so nothing is recorded twice.
 */
final class PollRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(PollRecorder.class);

  /** What a recorded poll produced, for logging and waking the webhook job. */
  record Recorded(
      boolean claimHeld, List<Transition> transitions, int eventsEnqueued, Optional<Begun> next) {
    static final Recorded CLAIM_LOST = new Recorded(false, List.of(), 0);
    static final Recorded NOTHING = new Recorded(true, List.of(), 0);

    Recorded(boolean claimHeld, List<Transition> transitions, int eventsEnqueued) {
      this(claimHeld, transitions, eventsEnqueued, Optional.empty());
    }
  }

  /** A {@link #begin} already done for a video, at {@code at} (its claim runs from then). */
  record Begun(Start start, Instant at) {}

  /**
   * The poll that follows in the same round: its {@link #begin} runs in the transaction that
   * records this one, so a round of n polls commits n + 1 times instead of 2n + 1.
   */
  record Next(VideoKey key, Duration lease, PollCycle.Group group) {}

  /**
   * Whether a claimed video may be polled now: yes, not before a time (its account is paused or its
   * budget has no token yet; the video was given back), or no longer ours.
   */
  sealed interface Start {
    record Go() implements Start {}

    record NotBefore(Instant until) implements Start {}

    record ClaimLost() implements Start {}
  }

  /** Transitions read back per poll to estimate progress rates; more than the estimate uses. */
  static final int HISTORY_LIMIT = 64;

  private final Database database;
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final DownloadStateRepository states = new DownloadStateRepository();
  private final TransitionRepository transitions = new TransitionRepository();
  private final BudgetReservation reservation = new BudgetReservation();
  private final PollPolicy policy;
  private final EventOutbox outbox;

  PollRecorder(Database database, PollPolicy policy, WebhookRoutes routes) {
    this.database = database;
    this.policy = policy;
    this.outbox = new EventOutbox(routes);
  }

  /**
   * Right before a request: if the account was paused meanwhile (by any instance) or the budget has
   * no whole token left, gives the video back until then; otherwise takes one token from the
   * credential's bucket and renews the claim for one more lease. Taking the token here, not at
   * claim time, keeps every request inside the budget however long the API takes to answer.
   *
   * <p>The pause is read without a lock; a begin() that read it just before a pause committed is
   * stopped by the bucket instead: {@link #pauseAccounts} empties it under the same row lock, so no
   * request starts once a pause has committed (ConcurrentBudgetIT).
   */
  Start begin(VideoKey key, String token, Instant now, Duration lease, PollCycle.Group group) {
    BudgetReservation.Request request = oneToken(key, group);
    return database.inTransaction(c -> begin(c, request, key, token, now, lease));
  }

  private Start begin(
      Connection c,
      BudgetReservation.Request request,
      VideoKey key,
      String token,
      Instant now,
      Duration lease) {
    BudgetReservation.Outcome outcome =
        reservation.reserve(
            c, request, now, locked -> videos.renewClaim(locked, key, token, now.plus(lease)));
    Instant notBefore;
    if (outcome instanceof BudgetReservation.Outcome.Paused paused) {
      notBefore = paused.pause().until();
    } else if (outcome instanceof BudgetReservation.Outcome.TooFew tooFew) {
      notBefore = tooFew.nextTokenAt(now);
    } else if (outcome instanceof BudgetReservation.Outcome.Withdrawn) {
      return new Start.ClaimLost();
    } else {
      return new Start.Go();
    }
    videos.release(c, key, token, notBefore);
    return new Start.NotBefore(notBefore);
  }

  private static BudgetReservation.Request oneToken(VideoKey key, PollCycle.Group group) {
    return new BudgetReservation.Request(
        key.accountId(),
        group.budgetId(),
        group.requestsPerFiveMinutes(),
        1,
        BudgetReservation.PauseRule.ANY);
  }

  /**
   * Records a successful answer listing {@code observed} and, in the same transaction and first
   * (the budget row before any video row, as in every transaction that takes both), begins {@code
   * next} at {@code at}: its token is taken right before its request all the same.
   */
  Recorded recordDownloads(
      VideoKey key,
      String token,
      List<DownloadSnapshot> observed,
      Instant at,
      Budget budget,
      Optional<Next> next) {
    return database.inTransaction(
        c -> {
          Optional<Begun> begun =
              next.map(
                  n ->
                      new Begun(
                          begin(c, oneToken(n.key(), n.group()), n.key(), token, at, n.lease()),
                          at));
          Optional<TrackedVideo> locked = videos.lockClaimed(c, key, token);
          if (locked.isEmpty()) {
            return new Recorded(false, List.of(), 0, begun);
          }
          Detection found = TransitionDetector.detect(states.findByVideo(c, key), observed, at);
          states.save(c, key, found.newState(), at);
          transitions.insertAll(c, key, found.transitions());
          int events = outbox.enqueue(c, locked.get(), found.terminalTransitions());
          if (!found.vanished().isEmpty()) {
            LOG.warn("{}: download type(s) {} no longer listed by the API", key, found.vanished());
          }
          VideoHistory history =
              history(locked.get(), found, transitions.recent(c, key, HISTORY_LIMIT), at);
          finish(c, key, token, finishAfter(locked.get(), found, history, at, budget));
          return new Recorded(true, found.transitions(), events, begun);
        });
  }

  /** Records a failed poll (5xx, timeout, malformed answer), to be retried with backoff. */
  Recorded recordFailure(VideoKey key, String token, String error, Instant at) {
    return database.inTransaction(
        c -> {
          Optional<TrackedVideo> locked = videos.lockClaimed(c, key, token);
          if (locked.isEmpty()) {
            return Recorded.CLAIM_LOST;
          }
          TrackedVideo video = locked.get();
          PollFinish finish =
              policy.shouldGiveUp(video, at)
                  ? PollFinish.ended(at, false, error, EndReason.GAVE_UP)
                  : PollFinish.failure(
                      at, error, policy.afterFailure(video.consecutiveFailures() + 1, at));
          finish(c, key, token, finish);
          return Recorded.NOTHING;
        });
  }

  /** Ends tracking because the API no longer knows the video. */
  Recorded recordGone(VideoKey key, String token, String detail, Instant at) {
    return database.inTransaction(
        c -> {
          if (videos.lockClaimed(c, key, token).isEmpty()) {
            return Recorded.CLAIM_LOST;
          }
          finish(c, key, token, PollFinish.ended(at, false, detail, EndReason.VIDEO_GONE));
          return Recorded.NOTHING;
        });
  }

  /**
   * Pauses every account of a credential (the API's limit is per user) and gives the video back
   * unpolled, due when the pause ends.
   */
  void pauseAccounts(
      VideoKey key,
      String token,
      PollCycle.Group group,
      Instant until,
      AccountPauseRepository.Reason reason,
      String detail,
      Instant at) {
    database.run(
        c -> {
          // The bucket is the credential's: every instance, whatever accounts it polls, stops.
          reservation.pauseCredential(
              c,
              group.accountIds(),
              group.budgetId(),
              group.requestsPerFiveMinutes(),
              new BudgetReservation.Pause(until, reason, detail),
              at);
          videos.release(c, key, token, until);
        });
  }

  /** Gives a claimed video back unpolled. */
  void release(VideoKey key, String token, Instant nextPollAt) {
    database.run(c -> videos.release(c, key, token, nextPollAt));
  }

  private PollFinish finishAfter(
      TrackedVideo video, Detection found, VideoHistory history, Instant at, Budget budget) {
    if (found.allTerminal()) {
      return PollFinish.ended(at, found.changed(), null, EndReason.DONE);
    }
    if (!found.changed() && policy.shouldGiveUp(video, at)) {
      return PollFinish.ended(
          at, false, "nothing changed within poll.give-up-after", EndReason.GAVE_UP);
    }
    PollDecision next = policy.afterSuccess(history, at, budget);
    return PollFinish.success(at, found.changed(), next.nextPollAt(), next.urgency(), next.model());
  }

  /**
   * The policy's view of the video: per download, its recorded progress changes (oldest first) and,
   * last, this observation.
   */
  static VideoHistory history(
      TrackedVideo video, Detection found, List<Transition> recentNewestFirst, Instant at) {
    List<DownloadProgress> downloads = new ArrayList<>();
    for (StoredDownload stored : found.newState()) {
      DownloadSnapshot now = stored.snapshot();
      List<ProgressPoint> points = new ArrayList<>();
      for (int i = recentNewestFirst.size() - 1; i >= 0; i--) {
        Transition t = recentNewestFirst.get(i);
        if (t.downloadType().equals(now.type()) && t.after().percentComplete() != null) {
          points.add(new ProgressPoint(t.observedAt(), t.after().percentComplete()));
        }
      }
      if (now.percentComplete() != null
          && (points.isEmpty() || points.get(points.size() - 1).at().isBefore(at))) {
        points.add(new ProgressPoint(at, now.percentComplete()));
      }
      downloads.add(new DownloadProgress(now.type(), now.status(), points));
    }
    return new VideoHistory(video.createdAt(), downloads);
  }

  private void finish(Connection c, VideoKey key, String token, PollFinish finish) {
    if (!videos.finishPoll(c, key, token, finish)) {
      throw new IllegalStateException("claim of " + key + " vanished inside its own transaction");
    }
  }
}
