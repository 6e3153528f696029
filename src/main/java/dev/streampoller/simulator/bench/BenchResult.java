package dev.streampoller.simulator.bench;

import java.util.List;
import java.util.Objects;

/**
 * One workload's replay: the figures of each strategy, in {@link Strategy} order.
 *
 * @param wallNanos the whole run on this machine, generation included
 */
public record BenchResult(Workload workload, List<StrategyResult> strategies, long wallNanos) {
  public BenchResult {
    Objects.requireNonNull(workload, "workload");
    strategies = List.copyOf(strategies);
  }

  public StrategyResult of(Strategy strategy) {
    return strategies.stream()
        .filter(s -> s.strategy() == strategy)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not replayed: " + strategy));
  }

  /** The figures without wall times, which vary from run to run: equal for equal workloads. */
  public BenchResult withoutWallTime() {
    return new BenchResult(
        workload, strategies.stream().map(StrategyResult::withoutWallTime).toList(), 0);
  }
}
