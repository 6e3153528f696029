package dev.streampoller.cli;

import dev.streampoller.db.Database;
import dev.streampoller.simulator.bench.RealTimePlan;
import dev.streampoller.tracking.StatusViews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Detection latency of a real-time run, read from what the daemon recorded. */
record RealtimeReport(double p50, double p95, double p99, double max, int detected) {

  private static final StatusViews VIEWS = new StatusViews();

  static RealtimeReport measure(
      Database database, RealTimePlan plan, Instant[] trackedAt, String run) {
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < plan.arrivals().size(); i++) {
      RealTimePlan.Arrival arrival = plan.arrivals().get(i);
      Instant completed = trackedAt[i].plus(arrival.completesAfter());
      String uid = arrival.uid() + run;
      Instant observed = database.inTransaction(c -> VIEWS.firstFinished(c, uid)).orElse(null);
      if (observed != null) {
        latencies.add(Math.max(0, Duration.between(completed, observed).toMillis() / 1000.0));
      }
    }
    Collections.sort(latencies);
    return new RealtimeReport(
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        percentile(latencies, 0.99),
        latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1),
        latencies.size());
  }

  static long active(Database database, String run) {
    return database.inTransaction(c -> VIEWS.countActive(c, "rt%" + run));
  }

  private static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
