package dev.streampoller.simulator.bench;

import java.util.Objects;

/**
 * One strategy's figures in one replay.
 *
 * @param latency seconds from each download's end to the poll that saw it, all downloads
 * @param baseLatency the same for downloads that did not arrive with the burst
 * @param burstLatency the same for the burst's downloads (count 0 without a burst)
 * @param burstFirstPoll seconds from a burst download's arrival to its first poll
 * @param polls requests spent in total
 * @param worstWindow the most requests in any 5-minute window (both ends included)
 * @param budget the requests allowed per 5 minutes
 * @param windowsOverBudget how many 5-minute windows, one starting at each request, held more
 *     requests than the budget; must be 0
 * @param longestGapSeconds the longest any download went unpolled while active (its arrival counts
 *     as a poll): what the age guarantee bounds
 * @param wallNanos how long the replay took on this machine
 */
public record StrategyResult(
    Strategy strategy,
    LatencyStats latency,
    LatencyStats baseLatency,
    LatencyStats burstLatency,
    LatencyStats burstFirstPoll,
    long polls,
    int downloads,
    int worstWindow,
    int budget,
    long windowsOverBudget,
    double longestGapSeconds,
    long wallNanos) {

  public StrategyResult {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(baseLatency, "baseLatency");
    Objects.requireNonNull(burstLatency, "burstLatency");
    Objects.requireNonNull(burstFirstPoll, "burstFirstPoll");
  }

  public double pollsPerDownload() {
    return downloads == 0 ? 0 : polls / (double) downloads;
  }

  /** The figures without the wall time, which varies from run to run. */
  public StrategyResult withoutWallTime() {
    return new StrategyResult(
        strategy,
        latency,
        baseLatency,
        burstLatency,
        burstFirstPoll,
        polls,
        downloads,
        worstWindow,
        budget,
        windowsOverBudget,
        longestGapSeconds,
        0);
  }
}
