package dev.streampoller.simulator.bench;

import dev.streampoller.polling.Budget;
import dev.streampoller.polling.DownloadProgress;
import dev.streampoller.polling.PollDecision;
import dev.streampoller.polling.PollPolicy;
import dev.streampoller.polling.ProgressPoint;
import dev.streampoller.polling.TokenBucket;
import dev.streampoller.polling.VideoHistory;
import dev.streampoller.tracking.CompletionModel;
import dev.streampoller.tracking.DownloadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Replays the daemon's claim loop with the real {@link PollPolicy} in virtual time, claiming as
 * {@code TrackedVideoRepository.claimDue} does: a video is claimable once its next poll is due or
 * it was last polled (or tracked) at least {@code poll.min-interval} ago (work conservation); while
 * the shared {@link TokenBucket} has whole tokens, the oldest videos go first as far as every video
 * needs them to be polled within {@link PollPolicy#ageCap} of its last poll (the age guarantee,
 * earliest deadline first: {@link DeadlineSlack}), then the due ones by their {@link
 * CompletionModel}'s expected detection delay at the claim, greatest first (none last, then oldest
 * poll first), then the rest, oldest poll first. A new video is due at its arrival with {@link
 * CompletionModel#newTrack()}. Event-driven: time jumps to the next arrival, claimable time or
 * whole token, as the daemon's poll loop wakes at the moment its next claim can succeed (not on its
 * check-interval tick).
 */
final class PolicyReplay {
  /** As many progress changes as the daemon reads back ({@code PollRecorder.HISTORY_LIMIT}). */
  static final int HISTORY_LIMIT = 64;

  /** The daemon's {@code poll.give-up-after} default; no generated download stalls this long. */
  static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

  /** One tracked video's replay state; keys change only while it is in no set. */
  private static final class Tracked {
    final SyntheticDownload download;
    final Instant trackedAt;
    final List<ProgressPoint> changes = new ArrayList<>();
    double lastPercent = -1;
    long origin;

    /** When it last entered the queue, counted in events: ties of {@code origin} in that order. */
    long seq;

    long claimableAt;
    long due;
    CompletionModel model = CompletionModel.newTrack();

    /** This claim round's expected detection delay, while in {@code claimable}. */
    double delay;

    Tracked(SyntheticDownload download) {
      this.download = download;
      this.trackedAt = VirtualTime.instant(download.arrivesAtNanos());
      this.origin = download.arrivesAtNanos();
    }

    void schedule(PollDecision decision, long minNanos) {
      due = VirtualTime.nanos(decision.nextPollAt());
      claimableAt = Math.min(due, origin + minNanos);
      model = decision.model();
    }
  }

  private static final Comparator<Tracked> BY_ID = Comparator.comparingInt(t -> t.download.id());
  // Oldest poll (or track) first. In virtual time a poll can share its instant with the tracks
  // of a concurrent arrival, where in real time it comes after them: the one that entered the
  // queue later goes later, as DeadlineSlack's slots do, not the lower id.
  private static final Comparator<Tracked> BY_ORIGIN =
      Comparator.<Tracked>comparingLong(t -> t.origin).thenComparingLong(t -> t.seq);

  private final List<SyntheticDownload> downloads;
  private final PollPolicy policy;
  private final Workload.Polling polling;
  private final ReplayLog log;
  private final long minNanos;
  private final TreeSet<Tracked> waiting =
      new TreeSet<>(Comparator.<Tracked>comparingLong(t -> t.claimableAt).thenComparing(BY_ID));
  // Claimable, not yet due: the oldest poll first. Its due time is kept in dueSoon.
  private final TreeSet<Tracked> early = new TreeSet<>(BY_ORIGIN);
  private final TreeSet<Tracked> dueSoon =
      new TreeSet<>(Comparator.<Tracked>comparingLong(t -> t.due).thenComparing(BY_ID));
  // Due: ranked at each claim round, as the claim's ORDER BY ranks them at its own time.
  private final List<Tracked> claimable = new ArrayList<>();
  // The claim order among due videos at one round, once their delays are computed.
  private static final Comparator<Tracked> BY_DELAY =
      Comparator.<Tracked>comparingDouble(t -> -t.delay).thenComparing(BY_ORIGIN);
  private final TreeSet<Tracked> byAge = new TreeSet<>(BY_ORIGIN);
  // The age guarantee's deadlines, in the order of byAge.
  private final DeadlineSlack deadlines;
  private TokenBucket bucket;
  private int active;
  private long entries;

  private PolicyReplay(List<SyntheticDownload> downloads, Workload.Polling polling) {
    this.downloads = downloads;
    this.polling = polling;
    this.policy = new PollPolicy(polling.minInterval(), polling.maxInterval(), GIVE_UP_AFTER);
    this.log = new ReplayLog(downloads);
    this.minNanos = polling.minInterval().toNanos();
    this.bucket = TokenBucket.forBudget(polling.requestsPer5Minutes(), VirtualTime.START);
    this.deadlines = new DeadlineSlack(bucket.sustainedPerSecond());
  }

  /** Replays {@code downloads} (in order of arrival) and returns what was polled when. */
  static ReplayLog run(List<SyntheticDownload> downloads, Workload.Polling polling) {
    return new PolicyReplay(downloads, polling).run();
  }

  private ReplayLog run() {
    int next = 0;
    long now = 0;
    while (true) {
      while (next < downloads.size() && downloads.get(next).arrivesAtNanos() <= now) {
        Tracked video = new Tracked(downloads.get(next++));
        video.schedule(
            new PollDecision(
                video.trackedAt, PollDecision.FIRST_POLL_URGENCY, CompletionModel.newTrack()),
            minNanos);
        add(video);
        active++;
      }
      while (!waiting.isEmpty() && waiting.first().claimableAt <= now) {
        Tracked video = waiting.pollFirst();
        if (video.due <= now) {
          claimable.add(video);
        } else {
          early.add(video);
          dueSoon.add(video);
        }
      }
      while (!dueSoon.isEmpty() && dueSoon.first().due <= now) {
        Tracked video = dueSoon.pollFirst();
        early.remove(video);
        claimable.add(video);
      }
      claim(now);
      long wake = Long.MAX_VALUE;
      if (next < downloads.size()) {
        wake = downloads.get(next).arrivesAtNanos();
      }
      if (!waiting.isEmpty()) {
        wake = Math.min(wake, Math.max(waiting.first().claimableAt, now + 1));
      }
      if (!claimable.isEmpty() || !early.isEmpty()) {
        wake = Math.min(wake, VirtualTime.nextToken(bucket, now));
      }
      if (!dueSoon.isEmpty()) {
        wake = Math.min(wake, Math.max(dueSoon.first().due, now + 1));
      }
      if (wake == Long.MAX_VALUE) {
        return log;
      }
      now = wake;
    }
  }

  /**
   * One claim round at {@code now}: as many claimable videos as whole tokens, in the claim order of
   * the daemon: the oldest as far as the age guarantee needs them now, then due (greatest expected
   * detection delay at {@code now} first), then not yet due (oldest poll first).
   */
  private void claim(long now) {
    Instant at = VirtualTime.instant(now);
    // Counted once per round, as the daemon's claim statement counts the active videos.
    Budget budget = new Budget(bucket.sustainedPerSecond(), active);
    long cap =
        Double.isInfinite(polling.ageCapFactor())
            ? Long.MAX_VALUE / 2
            : PollPolicy.ageCap(
                    budget, polling.minInterval(), polling.checkInterval(), polling.ageCapFactor())
                .toNanos();
    int whole = bucket.whole(at);
    if (whole < 1) {
      return;
    }
    for (Tracked video : claimable) {
      video.delay = video.model.expectedDelaySeconds(VirtualTime.instant(video.origin), at);
    }
    // The tokens the oldest videos must have now so that every one is polled within the cap.
    int forced = whole - deadlines.freeTokens(now / 1e9, cap / 1e9, whole);
    while ((!claimable.isEmpty() || !early.isEmpty()) && bucket.whole(at) >= 1) {
      bucket = bucket.take(1, at);
      Tracked oldest = byAge.first();
      Tracked video;
      if (forced > 0 && (oldest.origin <= now - minNanos || oldest.due <= now)) {
        video = oldest;
        forced--;
      } else if (!claimable.isEmpty()) {
        video = Collections.min(claimable, BY_DELAY);
      } else {
        video = early.first();
      }
      claimable.remove(video);
      early.remove(video);
      dueSoon.remove(video);
      byAge.remove(video);
      deadlines.remove(video.download.id());
      if (!poll(video, now)) {
        add(video);
      }
    }
  }

  private void add(Tracked video) {
    video.seq = entries++;
    byAge.add(video);
    deadlines.add(video.download.id(), video.origin / 1e9);
    (video.claimableAt <= video.origin ? claimable : waiting).add(video);
  }

  /** Polls {@code video} at {@code now}; returns whether it is done, else schedules it. */
  private boolean poll(Tracked video, long now) {
    SyntheticDownload download = video.download;
    if (log.poll(download, now)) {
      active--;
      return true;
    }
    Instant at = VirtualTime.instant(now);
    double percent = download.percentAt(now);
    if (percent != video.lastPercent) {
      video.changes.add(new ProgressPoint(at, percent));
      video.lastPercent = percent;
      if (video.changes.size() > HISTORY_LIMIT) {
        video.changes.remove(0);
      }
    }
    List<ProgressPoint> points = new ArrayList<>(video.changes);
    if (points.get(points.size() - 1).at().isBefore(at)) {
      points.add(new ProgressPoint(at, percent));
    }
    VideoHistory history =
        new VideoHistory(
            video.trackedAt,
            List.of(new DownloadProgress("default", DownloadStatus.IN_PROGRESS, points)));
    video.origin = now;
    video.schedule(
        policy.afterSuccess(history, at, new Budget(bucket.sustainedPerSecond(), active)),
        minNanos);
    return false;
  }
}
