package dev.streampoller.simulator.bench;

import dev.streampoller.polling.Budget;
import dev.streampoller.polling.DownloadProgress;
import dev.streampoller.polling.PollDecision;
import dev.streampoller.polling.PollPolicy;
import dev.streampoller.polling.ProgressPoint;
import dev.streampoller.polling.TokenBucket;
import dev.streampoller.polling.VideoHistory;
import dev.streampoller.tracking.DownloadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Replays the daemon's claim loop with the real {@link PollPolicy} in virtual time: videos whose
 * next poll is due are polled in {@link PollDecision#rank()} order while the shared {@link
 * TokenBucket} has whole tokens; a new video is due at its arrival with {@link
 * PollDecision#FIRST_POLL_URGENCY}. Event-driven: time jumps to the next arrival, due time or whole
 * token (due times and tokens on the check-interval tick, arrivals at once).
 */
final class PolicyReplay {
  /** As many progress changes as the daemon reads back ({@code PollRecorder.HISTORY_LIMIT}). */
  static final int HISTORY_LIMIT = 64;

  /** The daemon's {@code poll.give-up-after} default; no generated download stalls this long. */
  static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

  /** One tracked video's replay state; due/rank change only while it is in neither queue. */
  private static final class Tracked {
    final SyntheticDownload download;
    final Instant trackedAt;
    final List<ProgressPoint> changes = new ArrayList<>();
    double lastPercent = -1;
    long due;
    long rank;

    Tracked(SyntheticDownload download) {
      this.download = download;
      this.trackedAt = VirtualTime.instant(download.arrivesAtNanos());
    }

    void schedule(PollDecision decision) {
      due = VirtualTime.nanos(decision.nextPollAt());
      rank = VirtualTime.nanos(decision.rank());
    }
  }

  private final List<SyntheticDownload> downloads;
  private final PollPolicy policy;
  private final VirtualTime time;
  private final ReplayLog log;
  private TokenBucket bucket;
  private int active;

  private PolicyReplay(List<SyntheticDownload> downloads, Workload.Polling polling) {
    this.downloads = downloads;
    this.policy = new PollPolicy(polling.minInterval(), polling.maxInterval(), GIVE_UP_AFTER);
    this.time = new VirtualTime(polling.checkInterval());
    this.log = new ReplayLog(downloads);
    this.bucket = TokenBucket.forBudget(polling.requestsPer5Minutes(), VirtualTime.START);
  }

  /** Replays {@code downloads} (in order of arrival) and returns what was polled when. */
  static ReplayLog run(List<SyntheticDownload> downloads, Workload.Polling polling) {
    return new PolicyReplay(downloads, polling).run();
  }

  private ReplayLog run() {
    Comparator<Tracked> byId = Comparator.comparingInt(t -> t.download.id());
    PriorityQueue<Tracked> waiting =
        new PriorityQueue<>(Comparator.<Tracked>comparingLong(t -> t.due).thenComparing(byId));
    PriorityQueue<Tracked> due =
        new PriorityQueue<>(Comparator.<Tracked>comparingLong(t -> t.rank).thenComparing(byId));
    int next = 0;
    long now = 0;
    while (true) {
      while (next < downloads.size() && downloads.get(next).arrivesAtNanos() <= now) {
        Tracked video = new Tracked(downloads.get(next++));
        video.schedule(new PollDecision(video.trackedAt, PollDecision.FIRST_POLL_URGENCY));
        waiting.add(video);
        active++;
      }
      while (!waiting.isEmpty() && waiting.peek().due <= now) {
        due.add(waiting.poll());
      }
      while (!due.isEmpty() && bucket.whole(VirtualTime.instant(now)) >= 1) {
        bucket = bucket.take(1, VirtualTime.instant(now));
        Tracked video = due.poll();
        if (!poll(video, now)) {
          waiting.add(video);
        }
      }
      long wake = Long.MAX_VALUE;
      if (next < downloads.size()) {
        wake = downloads.get(next).arrivesAtNanos();
      }
      if (!waiting.isEmpty()) {
        // A decision due already (not today's policy) is polled on the next tick, as by the daemon.
        wake = Math.min(wake, time.tick(Math.max(waiting.peek().due, now + 1)));
      }
      if (!due.isEmpty()) {
        wake = Math.min(wake, time.tick(VirtualTime.nextToken(bucket, now)));
      }
      if (wake == Long.MAX_VALUE) {
        return log;
      }
      now = wake;
    }
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
    video.schedule(
        policy.afterSuccess(history, at, new Budget(bucket.sustainedPerSecond(), active)));
    return false;
  }
}
