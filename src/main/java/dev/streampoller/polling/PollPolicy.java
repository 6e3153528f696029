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
 *   <li>first sight: if the video was tracked a while ago and has progressed, the rate since it was
 *       tracked gives a first (optimistic) prediction; otherwise a probe soon after, to measure it;
 *   <li>predicted completion: a poll at the predicted moment, preceded by a lead poll when the
 *       estimate is unsure and the budget affords it;
 *   <li>predicted completion passed but not done: poll again soon (the estimate is refreshed with
 *       every observation, so a slower download moves its own prediction);
 *   <li>progress stalled: back off in proportion to how long it has stalled;
 *   <li>no download created yet: {@code maxInterval} (the slow end).
 * </ul>
 *
 * No video waits longer than its fair share of the budget (active videos / requests per second)
 * between polls, so a download that fails midway or jumps unpredictably is still seen about as soon
 * as round-robin would see it; those routine checks carry low urgency and so only use budget the
 * predicted completions leave. Every delay is clamped to {@code [minInterval, maxInterval]}. A
 * video is given up when nothing has changed for {@code giveUpAfter}.
 */
public final class PollPolicy {
  /** The longest first probe: long enough to measure a rate, short enough to start predicting. */
  static final Duration MAX_PROBE = Duration.ofSeconds(20);

  /** A first observation this long after tracking started is trusted to give a rate. */
  static final Duration ANCHOR_MIN_AGE = Duration.ofSeconds(10);

  // Urgencies order the claims when budget is short (see PollDecision): a poll at a predicted
  // completion first, then first polls of new videos (FIRST_POLL_URGENCY, 0.3), then the polls
  // that refine predictions, then routine checks.
  static final double URGENCY_COMPLETION = 1.0;
  static final double URGENCY_LEAD = 0.5;
  static final double URGENCY_PROBE = 0.6;
  static final double URGENCY_ROUTINE = 0.3;
  static final double STALL_URGENCY_GAIN = 0.4;
  static final double STALL_HORIZON = Duration.ofMinutes(10).toSeconds();

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
      PollDecision decision = forDownload(download, history.trackedAt(), now, budget);
      if (best == null || decision.nextPollAt().isBefore(best.nextPollAt())) {
        best = decision;
      }
    }
    return best;
  }

  private PollDecision forDownload(
      DownloadProgress download, Instant trackedAt, Instant now, Budget budget) {
    double fairShare = budget.fairShareSeconds();
    ProgressEstimate estimate = ProgressEstimate.of(download.points());
    if (estimate.samples() == 0) {
      return decision(now, fairShare, URGENCY_ROUTINE);
    }
    if (estimate.samples() == 1) {
      ProgressPoint first = download.points().get(download.points().size() - 1);
      double sinceTracked = seconds(trackedAt, first.at());
      if (first.percent() > 0 && sinceTracked >= ANCHOR_MIN_AGE.toSeconds()) {
        // Assume it was at 0% when tracked. If it started earlier the rate is overestimated, so
        // this poll comes early rather than late: it needs no lead poll of its own.
        double rate = first.percent() / sinceTracked;
        return decision(now, (100 - first.percent()) / rate, URGENCY_COMPLETION);
      }
      return decision(now, Math.min(fairShare, MAX_PROBE.toSeconds()), URGENCY_PROBE);
    }
    if (estimate.ratePerSecond() <= 0) {
      // Stalled: back off in proportion to the stall, within the fair share. The longer it sits
      // still, the likelier its next look finds it done (or jumped): urgency grows with the stall.
      double stalled = seconds(estimate.lastChangeAt(), now);
      double urgency = URGENCY_ROUTINE + STALL_URGENCY_GAIN * Math.min(1, stalled / STALL_HORIZON);
      return decision(now, Math.min(fairShare, stalled), urgency);
    }
    double remaining = seconds(now, estimate.completionAt());
    return towardsCompletion(now, remaining, estimate.relativeError(), fairShare);
  }

  /**
   * Plans towards a completion {@code remaining} seconds away whose prediction may be off by {@code
   * relativeError} of that.
   */
  private PollDecision towardsCompletion(
      Instant now, double remaining, double relativeError, double fairShare) {
    if (remaining <= 0) {
      // Predicted done already: look again soon, most urgently.
      return decision(now, 0, URGENCY_COMPLETION);
    }
    if (fairShare * 8 <= remaining) {
      // Far off and budget to spare: a routine check at the fair share catches a failure or a
      // faster finish early.
      return decision(now, fairShare, beforeCompletion(URGENCY_ROUTINE, remaining - fairShare));
    }
    double lead = remaining * relativeError;
    if (lead >= fairShare / 4 && lead >= minInterval.toSeconds()) {
      // Unsure and budget to spare: look ahead of the prediction, then again closer.
      return decision(now, remaining - lead, URGENCY_LEAD);
    }
    return decision(now, remaining, URGENCY_COMPLETION);
  }

  /**
   * A poll planned {@code secondsEarly} before a predicted completion stands in for the completion
   * poll: if the budget turns short (a burst of new tracks), it must not wait behind them longer
   * than the completion poll itself would. So it ranks no later than the completion would.
   */
  private static double beforeCompletion(double urgency, double secondsEarly) {
    double weight = PollDecision.URGENCY_WEIGHT.toSeconds();
    return Math.max(urgency, Math.min(URGENCY_COMPLETION, 1 - secondsEarly / weight));
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

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }
}
