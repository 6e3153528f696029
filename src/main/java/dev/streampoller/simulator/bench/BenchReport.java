package dev.streampoller.simulator.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders {@link BenchResult}s as a fixed-width table for people or as JSON for scripts. Latencies
 * in seconds with one decimal, wall times in milliseconds. Stateless.
 */
public final class BenchReport {
  private static final String ROW = "  %-15s %8s %8s %8s %8s %9s %9s %13s %5s %8s %8s%n";
  private static final String FAIR = "  %-15s %25s %25s %25s%n";

  private BenchReport() {}

  /** The table for one or more workloads. */
  public static String table(List<BenchResult> results) {
    StringBuilder out = new StringBuilder();
    long wall = 0;
    for (BenchResult result : results) {
      table(out, result);
      wall += result.wallNanos();
    }
    if (results.size() > 1) {
      out.append(String.format(Locale.ROOT, "Total wall time: %d ms%n", wall / 1_000_000));
    }
    return out.toString();
  }

  private static void table(StringBuilder out, BenchResult result) {
    Workload w = result.workload();
    out.append(String.format(Locale.ROOT, "Workload %s (%s)%n", w.name(), w.source()));
    out.append("  ").append(describe(w)).append(System.lineSeparator());
    out.append(
        String.format(
            Locale.ROOT,
            ROW,
            "strategy",
            "p50 s",
            "p95 s",
            "p99 s",
            "max s",
            "polls",
            "polls/dl",
            "worst 5 min",
            "over",
            "gap s",
            "wall ms"));
    for (StrategyResult s : result.strategies()) {
      LatencyStats l = s.latency();
      out.append(
          String.format(
              Locale.ROOT,
              ROW,
              s.strategy().label(),
              seconds(l.p50()),
              seconds(l.p95()),
              seconds(l.p99()),
              seconds(l.max()),
              s.polls(),
              String.format(Locale.ROOT, "%.1f", s.pollsPerDownload()),
              s.worstWindow() + "/" + s.budget(),
              s.windowsOverBudget(),
              seconds(s.longestGapSeconds()),
              s.wallNanos() / 1_000_000));
    }
    if (w.burst().isPresent()) {
      out.append(
          String.format(
              Locale.ROOT,
              FAIR,
              "fairness",
              "running p50/p95/max s",
              "burst p50/p95/max s",
              "burst 1st poll p50/p95"));
      for (StrategyResult s : result.strategies()) {
        out.append(
            String.format(
                Locale.ROOT,
                FAIR,
                s.strategy().label(),
                triple(s.baseLatency()),
                triple(s.burstLatency()),
                seconds(s.burstFirstPoll().p50()) + " / " + seconds(s.burstFirstPoll().p95())));
      }
    }
    out.append(String.format(Locale.ROOT, "  wall time %d ms%n%n", result.wallNanos() / 1_000_000));
  }

  /** One line of what the workload is. */
  static String describe(Workload w) {
    String arrival = "concurrent";
    if (w.arrival() instanceof Workload.Arrival.Uniform u) {
      arrival = "uniform over " + u.span();
    } else if (w.arrival() instanceof Workload.Arrival.Poisson p) {
      arrival = String.format(Locale.ROOT, "poisson %.2f/min", p.perSecond() * 60);
    }
    String burst = w.burst().map(b -> " + burst of " + b.count() + " at " + b.at()).orElse("");
    String durations =
        w.durations() instanceof Workload.Durations.LogNormal l
            ? "log-normal median " + l.median() + " sigma " + l.sigma()
            : "fixed " + ((Workload.Durations.Fixed) w.durations()).value();
    String shapes =
        w.shapes().shares().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey().key() + " " + percent(e.getValue()))
            .collect(Collectors.joining(", "));
    Workload.Polling p = w.polling();
    return String.format(
        Locale.ROOT,
        "%d downloads %s%s; %s; %s; error %s; budget %d/5 min; poll %s..%s, tick %s; seed %d",
        w.downloads(),
        arrival,
        burst,
        durations,
        shapes,
        percent(w.shapes().errorShare()),
        p.requestsPer5Minutes(),
        p.minInterval(),
        p.maxInterval(),
        p.checkInterval(),
        w.seed());
  }

  /** The same figures as JSON: an array with one object per workload. */
  public static String json(List<BenchResult> results) {
    List<Object> workloads = new ArrayList<>();
    for (BenchResult result : results) {
      Map<String, Object> workload = new LinkedHashMap<>();
      workload.put("workload", result.workload().name());
      workload.put("source", result.workload().source());
      workload.put("description", describe(result.workload()));
      workload.put("wallMillis", result.wallNanos() / 1_000_000);
      Map<String, Object> strategies = new LinkedHashMap<>();
      for (StrategyResult s : result.strategies()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("latencySeconds", s.latency());
        if (result.workload().burst().isPresent()) {
          one.put("runningLatencySeconds", s.baseLatency());
          one.put("burstLatencySeconds", s.burstLatency());
          one.put("burstFirstPollSeconds", s.burstFirstPoll());
        }
        one.put("polls", s.polls());
        one.put("pollsPerDownload", s.pollsPerDownload());
        one.put("worstFiveMinuteWindow", s.worstWindow());
        one.put("budget", s.budget());
        one.put("windowsOverBudget", s.windowsOverBudget());
        one.put("longestGapSeconds", s.longestGapSeconds());
        one.put("wallMillis", s.wallNanos() / 1_000_000);
        strategies.put(s.strategy().label(), one);
      }
      workload.put("strategies", strategies);
      workloads.add(workload);
    }
    try {
      return new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(workloads)
          + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

  private static String triple(LatencyStats stats) {
    return seconds(stats.p50()) + " / " + seconds(stats.p95()) + " / " + seconds(stats.max());
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
