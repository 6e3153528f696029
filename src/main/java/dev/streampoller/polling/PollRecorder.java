package dev.streampoller.polling;

import dev.streampoller.db.Database;
import dev.streampoller.tracking.Detection;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.DownloadStateRepository;
import dev.streampoller.tracking.EndReason;
import dev.streampoller.tracking.PollFinish;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.TransitionDetector;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryRepository;
import dev.streampoller.webhook.WebhookEvents;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome of one poll: state, transitions, outbox rows and the next poll time, all in
 * ONE transaction, and only while this worker still holds the video's claim. If the claim was lost
 * the result is dropped: the worker that holds it now polls again, so nothing is recorded twice.
 */
final class PollRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(PollRecorder.class);

  /** What a recorded poll produced, for logging and waking the webhook job. */
  record Recorded(boolean claimHeld, List<Transition> transitions, int eventsEnqueued) {
    static final Recorded CLAIM_LOST = new Recorded(false, List.of(), 0);
  }

  private final Database database;
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final DownloadStateRepository states = new DownloadStateRepository();
  private final TransitionRepository transitions = new TransitionRepository();
  private final DeliveryRepository deliveries = new DeliveryRepository();
  private final PollPolicy policy;
  private final Optional<URI> webhookTarget;
  private final String owner;

  PollRecorder(Database database, PollPolicy policy, Optional<URI> webhookTarget, String owner) {
    this.database = database;
    this.policy = policy;
    this.webhookTarget = webhookTarget;
    this.owner = owner;
  }

  /** Records a successful answer listing {@code observed}. */
  Recorded recordDownloads(VideoKey key, List<DownloadSnapshot> observed, Instant at) {
    return database.inTransaction(
        c -> {
          Optional<TrackedVideo> locked = videos.lockClaimed(c, key, owner);
          if (locked.isEmpty()) {
            return Recorded.CLAIM_LOST;
          }
          Detection found = TransitionDetector.detect(states.findByVideo(c, key), observed, at);
          states.save(c, key, found.newState(), at);
          transitions.insertAll(c, key, found.transitions());
          int events = enqueueEvents(c, key, found.terminalTransitions());
          if (!found.vanished().isEmpty()) {
            LOG.warn("{}: download type(s) {} no longer listed by the API", key, found.vanished());
          }
          finish(c, key, finishAfter(locked.get(), found, at));
          return new Recorded(true, found.transitions(), events);
        });
  }

  /** Records a failed poll (5xx, timeout, malformed answer), to be retried with backoff. */
  Recorded recordFailure(VideoKey key, String error, Instant at) {
    return database.inTransaction(
        c -> {
          Optional<TrackedVideo> locked = videos.lockClaimed(c, key, owner);
          if (locked.isEmpty()) {
            return Recorded.CLAIM_LOST;
          }
          TrackedVideo video = locked.get();
          PollFinish finish =
              policy.shouldGiveUp(video, at)
                  ? PollFinish.ended(at, error, EndReason.GAVE_UP)
                  : PollFinish.failure(
                      at, error, policy.afterFailure(video.consecutiveFailures() + 1, at));
          finish(c, key, finish);
          return new Recorded(true, List.of(), 0);
        });
  }

  /** Ends tracking because the API no longer knows the video. */
  Recorded recordGone(VideoKey key, String detail, Instant at) {
    return database.inTransaction(
        c -> {
          if (videos.lockClaimed(c, key, owner).isEmpty()) {
            return Recorded.CLAIM_LOST;
          }
          finish(c, key, PollFinish.ended(at, detail, EndReason.VIDEO_GONE));
          return new Recorded(true, List.of(), 0);
        });
  }

  /** Pauses the whole account and gives the video back unpolled, due when the pause ends. */
  void pauseAccount(
      VideoKey key, Instant until, AccountPauses.Reason reason, String detail, Instant at) {
    AccountPauses pauses = new AccountPauses();
    database.run(
        c -> {
          pauses.pause(c, key.accountId(), until, reason, detail, at);
          videos.release(c, key, owner, until);
        });
  }

  /** Gives a claimed video back unpolled. */
  void release(VideoKey key, Instant nextPollAt) {
    database.run(c -> videos.release(c, key, owner, nextPollAt));
  }

  private PollFinish finishAfter(TrackedVideo video, Detection found, Instant at) {
    if (found.allTerminal()) {
      return PollFinish.ended(at, null, EndReason.DONE);
    }
    if (policy.shouldGiveUp(video, at)) {
      return PollFinish.ended(
          at, "no download finished within poll.give-up-after", EndReason.GAVE_UP);
    }
    return PollFinish.success(at, policy.afterSuccess(video, found, at));
  }

  private int enqueueEvents(Connection c, VideoKey key, List<Transition> terminal)
      throws SQLException {
    if (webhookTarget.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (Transition transition : terminal) {
      String type = WebhookEvents.eventTypeFor(transition).orElseThrow();
      String payload = WebhookEvents.payload(type, key, transition).toString();
      deliveries.enqueue(
          c,
          WebhookEvents.newEventId(),
          type,
          key,
          transition.downloadType(),
          payload,
          webhookTarget.get(),
          transition.observedAt());
      count++;
    }
    return count;
  }

  private void finish(Connection c, VideoKey key, PollFinish finish) throws SQLException {
    if (!videos.finishPoll(c, key, owner, finish)) {
      throw new IllegalStateException("claim of " + key + " vanished inside its own transaction");
    }
  }
}
