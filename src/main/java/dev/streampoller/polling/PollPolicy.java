package dev.streampoller.polling;

import dev.streampoller.tracking.TrackedVideo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When to poll a video next: a pure function of the video's observed progress, the configured
 * bounds and the request budget, so it is unit-tested and replayed in virtual time by {@code bench
 * policy} without a database or a clock.
 *
 * <p>For each download still in progress it estimates the completion time from its progress rate
 * ({@link ProgressEstimate}) and plans the next poll at the earliest of them:
 *
 * <ul>
 *   <li>first sight, rate unknown: a probe soon after, to measure the rate;
 *   <li>predicted completion far away: a poll shortly before it (how shortly depends on how sure
 *       the estimate is and how much budget each video gets), then at the predicted moment;
 *   <li>predicted completion passed but not done: poll again soon (the estimate is refreshed with
 *       every observation, so a slower download moves its own prediction);
 *   <li>progress stalled: back off in proportion to how long it has stalled;
 *   <li>no download created yet: {@code maxInterval} (the slow end).
 * </ul>
 *
 * Every delay is clamped to {@code [minInterval, maxInterval]}. The {@link PollDecision#urgency()}
 * says how likely the poll is to find a finished download, so that scarce budget goes there first.
 * A video is given up when nothing has changed for {@code giveUpAfter}.
 */
public final class PollPolicy {
  /** The longest first probe: long enough to measure a rate, short enough to start predicting. */
  static final Duration MAX_PROBE = Duration.ofSeconds(20);

  private final Duration minInterval;
  private final Duration maxInterval;
  private final Duration giveUpAfter;

  public PollPolicy(Duration minInterval, Duration maxInterval, Duration giveUpAfter) {
    this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    this.maxInterval = Objects.requireNonNull(maxInterval, "maxInterval");
    this.giveUpAfter = Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    if (minInterval.isNegative()
        || minInterval.isZero()
        || maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException(
          "need 0 < minInterval <= maxInterval, was " + minInterval + " and " + maxInterval);
    }
  }

  /** The next poll after a successful poll at {@code now} that produced {@code history}. */
  public PollDecision afterSuccess(VideoHistory history, Instant now, Budget budget) {
    List<DownloadProgress> open =
        history.downloads().stream().filter(d -> !d.isTerminal()).toList();
    if (open.isEmpty()) {
      // No download yet (or none left open): nothing is expected soon.
      return new PollDecision(now.plus(maxInterval), 0);
    }
    PollDecision best = null;
    for (DownloadProgress download : open) {
      PollDecision decision = forDownload(download, now, budget);
      if (best == null || decision.rank().isBefore(best.rank())) {
        best = decision;
      }
    }
    return best;
  }

  private PollDecision forDownload(DownloadProgress download, Instant now, Budget budget) {
    double fairShare = budget.fairShareSeconds();
    ProgressEstimate estimate = ProgressEstimate.of(download.points());
    if (estimate.samples() == 0) {
      return decision(now, fairShare, 0.2);
    }
    if (estimate.ratePerSecond() <= 0) {
      if (estimate.samples() == 1) {
        // First sight: measure the rate soon.
        return decision(now, Math.min(fairShare, MAX_PROBE.toSeconds()), 0.4);
      }
      // Stalled: back off in proportion to the stall, but never below the fair share.
      double stalled = seconds(estimate.lastChangeAt(), now);
      return decision(now, Math.max(fairShare, stalled), 0.1);
    }
    double remaining = seconds(now, estimate.completionAt());
    if (remaining <= 0) {
      // Predicted done already: look again soon, most urgently.
      return decision(now, 0, 1);
    }
    // Lead the prediction by its expected error, so an early finish is caught; a scarce budget
    // affords no lead poll, an ample one a generous lead.
    double lead = remaining * estimate.relativeError();
    if (lead < fairShare / 4) {
      lead = 0;
    }
    double delay = Math.max(remaining - lead, 0);
    double urgency = clamp(1 - remaining / 300.0, 0.2, 1);
    return decision(now, delay, urgency);
  }

  /** The next poll after the {@code failures}-th consecutive failed poll (1 for the first). */
  public Instant afterFailure(int failures, Instant now) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, was " + failures);
    }
    int doublings = Math.min(failures - 1, 30);
    Duration delay = minInterval;
    for (int i = 0; i < doublings && delay.compareTo(maxInterval) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return now.plus(clamp(delay));
  }

  /** Whether nothing has changed for {@code giveUpAfter} (since the last change or the track). */
  public boolean shouldGiveUp(TrackedVideo video, Instant now) {
    return !now.isBefore(video.lastProgressAt().plus(giveUpAfter));
  }

  private PollDecision decision(Instant now, double delaySeconds, double urgency) {
    Duration delay = clamp(Duration.ofMillis(Math.round(delaySeconds * 1000)));
    return new PollDecision(now.plus(delay), urgency);
  }

  private Duration clamp(Duration delay) {
    if (delay.compareTo(minInterval) < 0) {
      return minInterval;
    }
    return delay.compareTo(maxInterval) > 0 ? maxInterval : delay;
  }

  private static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
