package dev.streampoller.polling;

import dev.streampoller.tracking.CompletionModel;
import dev.streampoller.tracking.TrackedVideo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When to poll a video next, and how much that poll is worth: a pure function of the video's
 * observed progress, the configured bounds and the request budget, so it is unit-tested and
 * replayed in virtual time by {@code bench policy} without a database or a clock.
 *
 * <p>Three rules split the work (docs/polling.md, "The policy"):
 *
 * <ul>
 *   <li><b>Age guarantee.</b> No active video waits longer than {@link #ageCap} since its last poll
 *       (or its track): the round-robin cycle at the same budget, plus a tick. The claim enforces
 *       it (videos past the cap go first, oldest first), whatever this class says.
 *   <li><b>Work conservation.</b> While tokens remain, any video last polled at least {@code
 *       minInterval} ago may be claimed, best first; {@link PollDecision#nextPollAt()} is when a
 *       poll is worth most, not a gate.
 *   <li><b>Ranking by expected gain.</b> {@link PollDecision#model()} is what is believed about
 *       when the download ends: a predicted moment and spread from the progress model, or, without
 *       one, the download's age under heavy-tailed durations. The claim ranks due videos by the
 *       expected detection delay a poll at claim time would end ({@link CompletionModel}), greatest
 *       first. {@link PollDecision#urgency()}, the probability that the planned poll finds the
 *       download finished ({@link CompletionOdds}), is stored for operators.
 * </ul>
 *
 * Every delay is clamped to {@code [minInterval, maxInterval]}. A video is given up when nothing
 * has changed for {@code giveUpAfter}.
 */
public final class PollPolicy {
  /** The longest first probe: long enough to measure a rate, short enough to start predicting. */
  static final Duration MAX_PROBE = Duration.ofSeconds(20);

  /** A first observation this long after tracking started is trusted to give a rate. */
  static final Duration ANCHOR_MIN_AGE = Duration.ofSeconds(10);

  /**
   * The spread of a prediction anchored at the track time (one observation, start assumed at the
   * track): half the remaining time either way.
   */
  static final double ANCHOR_RELATIVE_ERROR = 0.5;

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

  public Duration minInterval() {
    return minInterval;
  }

  /**
   * The age guarantee: the longest a video may go unpolled, {@code factor} round-robin cycles
   * (active videos / sustainable requests per second, at least {@code minInterval}) plus one claim
   * tick. The daemon's claim statement computes it with factor 1; {@code bench policy --age-cap}
   * replays others to show what the guarantee costs.
   */
  public static Duration ageCap(Budget budget, Duration minInterval, Duration tick, double factor) {
    Duration cycle = Duration.ofNanos(Math.round(budget.fairShareSeconds() * factor * 1e9));
    return (cycle.compareTo(minInterval) < 0 ? minInterval : cycle).plus(tick);
  }

  /** The next poll after a successful poll at {@code now} that produced {@code history}. */
  public PollDecision afterSuccess(VideoHistory history, Instant now, Budget budget) {
    List<DownloadProgress> open =
        history.downloads().stream().filter(d -> !d.isTerminal()).toList();
    if (open.isEmpty()) {
      // No download yet (or none left open): nothing is expected soon.
      return new PollDecision(now.plus(maxInterval), 0, CompletionModel.none());
    }
    PollDecision best = null;
    for (DownloadProgress download : open) {
      PollDecision decision = forDownload(download, history.trackedAt(), now, budget);
      if (best == null || decision.rank().isBefore(best.rank())) {
        best = decision;
      }
    }
    return best;
  }

  private PollDecision forDownload(
      DownloadProgress download, Instant trackedAt, Instant now, Budget budget) {
    double fairShare = budget.fairShareSeconds();
    double age = seconds(trackedAt, now);
    ProgressEstimate estimate = ProgressEstimate.of(download.points());
    if (estimate.samples() == 0) {
      return byAge(now, age, fairShare);
    }
    if (estimate.samples() == 1) {
      ProgressPoint first = download.points().get(download.points().size() - 1);
      double sinceTracked = seconds(trackedAt, first.at());
      if (first.percent() > 0 && sinceTracked >= ANCHOR_MIN_AGE.toSeconds()) {
        // Assume it was at 0% when tracked. If it started earlier the rate is overestimated, so
        // the prediction comes early rather than late.
        double rate = first.percent() / sinceTracked;
        double remaining = (100 - first.percent()) / rate;
        return towardsCompletion(now, remaining, ANCHOR_RELATIVE_ERROR, fairShare);
      }
      // A probe measures the rate; it is worth what a first poll is worth, and ranked as a new
      // track is: as if the download had started UNSEEN_AGE before it was tracked.
      return decision(
          now,
          Math.min(fairShare, MAX_PROBE.toSeconds()),
          PollDecision.FIRST_POLL_URGENCY,
          CompletionModel.byAge(age + seconds(CompletionModel.UNSEEN_AGE)));
    }
    if (estimate.ratePerSecond() <= 0) {
      // Stalled: back off in proportion to the stall, within the fair share; its worth is the
      // chance that it ends meanwhile, from its age alone.
      double stalled = seconds(estimate.lastChangeAt(), now);
      return byAge(now, age, Math.min(fairShare, stalled));
    }
    double remaining = seconds(now, estimate.completionAt());
    return towardsCompletion(now, remaining, estimate.relativeError(), fairShare);
  }

  private PollDecision byAge(Instant now, double age, double delay) {
    double clamped = clampSeconds(delay);
    // Ranked as if the download had started UNSEEN_AGE before it was tracked, as a new track is.
    return decision(
        now,
        clamped,
        CompletionOdds.byAge(age, clamped),
        CompletionModel.byAge(Math.max(0, age) + seconds(CompletionModel.UNSEEN_AGE)));
  }

  /**
   * Plans towards a completion {@code remaining} seconds away whose prediction may be off by {@code
   * relativeError} of that (one standard deviation).
   */
  private PollDecision towardsCompletion(
      Instant now, double remaining, double relativeError, double fairShare) {
    double min = seconds(minInterval);
    double spread = Math.max(relativeError * Math.abs(remaining), min);
    double after = afterPrediction(relativeError * Math.abs(remaining), min);
    CompletionModel model =
        CompletionModel.predicted(now.plusMillis(Math.round(remaining * 1000)), spread);
    if (remaining + after <= min) {
      // Predicted done already, or before the next allowed poll: as soon as allowed.
      return decision(now, min, CompletionOdds.byPrediction(min - remaining, spread), model);
    }
    double lead = remaining * relativeError;
    if (lead >= fairShare / 4 && lead >= min) {
      // Unsure and budget to spare: look one spread ahead of the prediction to refine it; worth
      // the chance that it is over by then.
      return decision(now, remaining - lead, CompletionOdds.byPrediction(-lead, spread), model);
    }
    return decision(now, remaining + after, CompletionOdds.byPrediction(after, spread), model);
  }

  /**
   * How long after a predicted completion (one standard deviation {@code sigma}) to poll, when a
   * poll that comes too early can be repeated only {@code min} seconds later. A poll at {@code t}
   * finds a completion at {@code T <= t} after {@code t - T}, and one that misses finds it {@code
   * min} later, so the expected latency is {@code t - mean + min * P(T > t)}. Among completion
   * polls (at or after the prediction: at least even odds of finding the end; earlier polls are the
   * lead polls' business) it is least where the density of {@code T} has fallen to {@code 1 / min}:
   * {@code z = sqrt(2 ln(min / (sigma sqrt(2 pi))))} spreads after the prediction. When the spread
   * is too wide for that ({@code sigma sqrt(2 pi) >= min}) the latency only grows after the
   * prediction, so it returns 0: the prediction itself.
   */
  static double afterPrediction(double sigma, double min) {
    double peak = sigma * Math.sqrt(2 * Math.PI);
    if (!(sigma > 0) || peak >= min) {
      return 0;
    }
    return sigma * Math.sqrt(2 * Math.log(min / peak));
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

  private PollDecision decision(
      Instant now, double delaySeconds, double urgency, CompletionModel model) {
    Duration delay = clamp(Duration.ofMillis(Math.round(delaySeconds * 1000)));
    return new PollDecision(now.plus(delay), Math.max(0, Math.min(1, urgency)), model);
  }

  private double clampSeconds(double delaySeconds) {
    return seconds(clamp(Duration.ofMillis(Math.round(delaySeconds * 1000))));
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
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
