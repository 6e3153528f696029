package dev.streampoller.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The arithmetic of {@code bench throughput}'s figures: sustained rates and percentiles. */
final class ThroughputFigures {
  private ThroughputFigures() {}

  /**
   * Events per second between the 10th and the 90th percentile of their times: the sustained rate,
   * without the ramp-up at the start and the tail when the last few videos are left. NaN for fewer
   * than 10 events.
   */
  static double sustainedPerSecond(Collection<Instant> times) {
    if (times.size() < 10) {
      return Double.NaN;
    }
    List<Instant> sorted = new ArrayList<>(times);
    sorted.sort(null);
    int from = sorted.size() / 10;
    int to = sorted.size() * 9 / 10;
    double seconds = Duration.between(sorted.get(from), sorted.get(to)).toNanos() / 1e9;
    return seconds <= 0 ? Double.NaN : (to - from) / seconds;
  }

  /**
   * Events per second from {@code from} to {@code to}: over the second half of a run it leaves out
   * the burst that full buckets allow at the start. NaN for an empty span.
   */
  static double perSecondBetween(Collection<Instant> times, Instant from, Instant to) {
    double seconds = Duration.between(from, to).toNanos() / 1e9;
    if (seconds <= 0) {
      return Double.NaN;
    }
    long n = times.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    return n / seconds;
  }

  /** Nearest-rank percentile of durations in milliseconds; NaN when there are none. */
  static double percentileMillis(List<Duration> values, double percentile) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Duration> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)).toNanos() / 1e6;
  }

  /** {@code "p50 12 ms p95 40 ms p99 90 ms (n=1000)"}. */
  static String percentiles(List<Duration> values) {
    return String.format(
        "p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms  (n=%d)",
        percentileMillis(values, 50),
        percentileMillis(values, 95),
        percentileMillis(values, 99),
        percentileMillis(values, 100),
        values.size());
  }
}
