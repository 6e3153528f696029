package dev.streampoller.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark's entry point: generates a workload's downloads and replays them with each {@link
 * Strategy} in virtual time. Deterministic (equal workloads give equal figures, wall times aside),
 * single-threaded, no I/O; thread-safe because it keeps no state.
 */
public final class PolicyBench {
  private PolicyBench() {}

  /** Replays {@code workload} with every strategy. */
  public static BenchResult run(Workload workload) {
    long started = System.nanoTime();
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload);
    List<StrategyResult> results = new ArrayList<>();
    for (Strategy strategy : Strategy.values()) {
      results.add(replay(strategy, downloads, workload.polling()));
    }
    return new BenchResult(workload, results, System.nanoTime() - started);
  }

  static StrategyResult replay(
      Strategy strategy, List<SyntheticDownload> downloads, Workload.Polling polling) {
    long started = System.nanoTime();
    ReplayLog log =
        switch (strategy) {
          case POLICY -> PolicyReplay.run(downloads, polling);
          case ROUND_ROBIN -> RoundRobinReplay.run(downloads, polling);
          case ORACLE -> OracleReplay.run(downloads, polling);
          case ORACLE_CAPPED -> CappedOracleReplay.run(downloads, polling, false);
          case ORACLE_PHASED -> CappedOracleReplay.run(downloads, polling, true);
        };
    long wall = System.nanoTime() - started;
    if (!log.allDetected()) {
      throw new IllegalStateException(strategy.label() + " replay ended with downloads unseen");
    }
    long[] requests = log.requestTimes();
    RequestWindows windows = RequestWindows.of(requests, polling.requestsPer5Minutes());
    return new StrategyResult(
        strategy,
        latencies(log, downloads, null),
        latencies(log, downloads, false),
        latencies(log, downloads, true),
        LatencyStats.of(
            downloads.stream()
                .filter(SyntheticDownload::burst)
                .mapToDouble(log::firstPollSeconds)
                .toArray()),
        requests.length,
        downloads.size(),
        windows.worst(),
        polling.requestsPer5Minutes(),
        windows.overBudget(),
        downloads.stream().mapToDouble(log::longestGapSeconds).max().orElse(0),
        wall);
  }

  private static LatencyStats latencies(
      ReplayLog log, List<SyntheticDownload> downloads, @Nullable Boolean burst) {
    return LatencyStats.of(
        downloads.stream()
            .filter(d -> burst == null || d.burst() == burst)
            .mapToDouble(log::latencySeconds)
            .toArray());
  }
}
