package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.polling.TokenBucket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The age guarantee, end to end in the replay's claim loop (the daemon's claim order): however the
 * policy ranks, no active download goes unpolled for longer than a round-robin cycle would leave
 * it.
 */
class PolicyReplayTest {
  /**
   * Half the downloads predictable (linear: their completion polls rank high), half unpredictable
   * (0% until done: only age-based checks find them), on a budget that cannot poll everything
   * often. Ranking alone would starve the second half behind the first.
   */
  static final String CONTESTED =
      """
      downloads = 400
      arrival = concurrent
      duration = log-normal
      duration.median = PT20M
      duration.sigma = 0.5
      shape.linear = 0.5
      shape.stall-then-jump = 0.5
      requests-per-5-minutes = 120
      poll.min-interval = PT1S
      poll.check-interval = PT1S
      seed = 5
      """;

  static Workload contested() {
    return WorkloadLoader.parse(CONTESTED, "contested", "contested.properties");
  }

  /**
   * The age guarantee's bound on {@link #CONTESTED}: the cycle with every download active, plus the
   * tick, plus the wait for one token.
   */
  static double contestedCycleBound(List<SyntheticDownload> downloads) {
    double rate = TokenBucket.forBudget(120, VirtualTime.START).sustainedPerSecond();
    return downloads.size() / rate + 1 + 1 / rate;
  }

  @Test
  void shouldNeverLeaveAnActiveDownloadLongerThanARoundRobinCyclePlusATick() {
    Workload workload = contested();
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload);

    ReplayLog log = PolicyReplay.run(downloads, workload.polling());

    double bound = contestedCycleBound(downloads);
    assertThat(downloads).allSatisfy(d -> assertThat(log.longestGapSeconds(d)).isLessThan(bound));
    double worstLatency = downloads.stream().mapToDouble(log::latencySeconds).max().orElseThrow();
    assertThat(worstLatency).isLessThan(bound);
  }

  @Test
  void shouldSpendTokensWhileAnyDownloadWasPolledAtLeastTheMinimumIntervalAgo() {
    // 20 downloads, ample budget, 1 h of stalls: work-conserving means every download is polled
    // about every min-interval (5 s) while tokens last, not only when its prediction says so.
    Workload workload =
        WorkloadLoader.parse(
            """
            downloads = 20
            arrival = concurrent
            duration = fixed
            duration.value = PT10M
            shape.stall-then-jump = 1
            requests-per-5-minutes = 1200
            poll.min-interval = PT5S
            seed = 3
            """,
            "idle",
            "idle.properties");
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload);

    ReplayLog log = PolicyReplay.run(downloads, workload.polling());

    // 20 downloads x 600 s / 5 s = 2,400 polls, within a tick of each.
    assertThat(log.requestTimes().length).isGreaterThan(2_000);
    assertThat(downloads).allSatisfy(d -> assertThat(log.longestGapSeconds(d)).isLessThan(7));
  }

  /**
   * Tracks that arrive together share one instant, and so does the first poll made at it; in real
   * time that poll comes after them, so the polled video goes to the back of the queue. Ordered by
   * id instead, the first video was polled again before the others were polled once, which put
   * every later first poll one token behind round-robin's on every concurrent workload.
   */
  @Test
  void shouldPollEveryConcurrentTrackOnceBeforeAnyTwice() {
    Workload workload =
        WorkloadLoader.parse(
            """
            downloads = 30
            arrival = concurrent
            duration = fixed
            duration.value = PT3H
            shape.stall-then-jump = 1
            requests-per-5-minutes = 10
            poll.min-interval = PT1S
            seed = 8
            """,
            "tight",
            "tight.properties");
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload);

    ReplayLog log = PolicyReplay.run(downloads, workload.polling());

    double nthRequest = log.requestTimes()[downloads.size() - 1] / 1e9;
    assertThat(downloads)
        .allSatisfy(d -> assertThat(log.firstPollSeconds(d)).isLessThanOrEqualTo(nthRequest));
  }
}
