package dev.streampoller.simulator.bench;

import java.util.Arrays;

/**
 * A summary of seconds (detection latencies, first-poll delays): nearest-rank percentiles.
 *
 * @param count how many values; 0 makes every figure 0
 */
public record LatencyStats(int count, double mean, double p50, double p95, double p99, double max) {

  static LatencyStats of(double[] values) {
    if (values.length == 0) {
      return new LatencyStats(0, 0, 0, 0, 0, 0);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return new LatencyStats(
        sorted.length,
        sum / sorted.length,
        rank(sorted, 0.50),
        rank(sorted, 0.95),
        rank(sorted, 0.99),
        sorted[sorted.length - 1]);
  }

  private static double rank(double[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
