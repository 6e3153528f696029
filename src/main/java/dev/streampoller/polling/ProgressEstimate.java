package dev.streampoller.polling;

import java.time.Instant;
import java.util.List;

/**
 * A download's progress rate and predicted completion, from its observations. Pure.
 *
 * <p>The rate is the least-squares slope of percent over time across the recent observations, so
 * noise in single readings averages out; steps and stalls show up as a lower rate. The relative
 * error shrinks with the number of distinct observations.
 *
 * @param samples distinct observations used (0 when the download reports no percentage)
 * @param ratePerSecond percent per second; 0 or less when progress is not moving
 * @param completionAt when 100% is reached at that rate (meaningless when the rate is not positive)
 * @param lastChangeAt when the percentage last changed (or was first seen)
 * @param relativeError the expected error of {@code completionAt} as a fraction of the remaining
 *     time
 */
record ProgressEstimate(
    int samples,
    double ratePerSecond,
    Instant completionAt,
    Instant lastChangeAt,
    double relativeError) {

  /** Observations older than this many are ignored: the recent rate predicts best. */
  static final int WINDOW = 8;

  static final double MAX_SECONDS_LEFT = 365 * 24 * 3600.0;

  static ProgressEstimate of(List<ProgressPoint> points) {
    if (points.isEmpty()) {
      return new ProgressEstimate(0, 0, Instant.MAX, Instant.MIN, 1);
    }
    List<ProgressPoint> recent = points.subList(Math.max(0, points.size() - WINDOW), points.size());
    ProgressPoint last = recent.get(recent.size() - 1);
    Instant lastChange = recent.get(0).at();
    for (int i = 1; i < recent.size(); i++) {
      if (recent.get(i).percent() != recent.get(i - 1).percent()) {
        lastChange = recent.get(i).at();
      }
    }
    if (recent.size() < 2) {
      return new ProgressEstimate(1, 0, Instant.MAX, lastChange, 1);
    }
    Instant origin = recent.get(0).at();
    double n = recent.size();
    double sumT = 0;
    double sumP = 0;
    for (ProgressPoint p : recent) {
      sumT += PollPolicy.seconds(origin, p.at());
      sumP += p.percent();
    }
    double meanT = sumT / n;
    double meanP = sumP / n;
    double covariance = 0;
    double variance = 0;
    for (ProgressPoint p : recent) {
      double dt = PollPolicy.seconds(origin, p.at()) - meanT;
      covariance += dt * (p.percent() - meanP);
      variance += dt * dt;
    }
    double rate = variance == 0 ? 0 : covariance / variance;
    if (rate <= 0) {
      return new ProgressEstimate(recent.size(), rate, Instant.MAX, lastChange, 1);
    }
    // Counted from when the current percentage first appeared: for progress in steps that is
    // closer to the step itself than the latest (unchanged) observation is.
    // Capped at a year: a rate that rounds to nearly nothing must not overflow an Instant.
    double secondsLeft = Math.min((100 - last.percent()) / rate, MAX_SECONDS_LEFT);
    Instant completion = lastChange.plusMillis(Math.round(secondsLeft * 1000));
    double relativeError = Math.max(0.05, 0.5 / Math.sqrt(recent.size() - 1));
    return new ProgressEstimate(recent.size(), rate, completion, lastChange, relativeError);
  }
}
