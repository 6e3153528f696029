package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.polling.TokenBucket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oracles held to the age cap keep the guarantee they are compared under, and knowing the ends
 * buys them what it should.
 */
class CappedOracleReplayTest {
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldNeverLeaveAnActiveDownloadLongerThanARoundRobinCyclePlusATick(boolean phased) {
    // PolicyReplayTest's contested workload and the same bound as the policy's.
    Workload workload = PolicyReplayTest.contested();
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload);

    ReplayLog log = CappedOracleReplay.run(downloads, workload.polling(), phased);

    double bound = PolicyReplayTest.contestedCycleBound(downloads);
    assertThat(downloads).allSatisfy(d -> assertThat(log.longestGapSeconds(d)).isLessThan(bound));
  }

  @Test
  void shouldFindEveryEndAtOnceWhenTheCapLeavesTokensToSpare() {
    // 20 downloads on 1,200 requests per 5 minutes: a cycle of 5 s, so tokens are always left
    // after the cap's polls; an oracle spends one on each end the moment it comes, unless the
    // download was polled within the minimum interval just before.
    Workload workload =
        WorkloadLoader.parse(
            """
            downloads = 20
            arrival = concurrent
            duration = log-normal
            duration.median = PT5M
            duration.sigma = 0.5
            shape.linear = 1
            requests-per-5-minutes = 1200
            poll.min-interval = PT1S
            seed = 3
            """,
            "ample",
            "ample.properties");
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload);

    for (boolean phased : List.of(false, true)) {
      ReplayLog log = CappedOracleReplay.run(downloads, workload.polling(), phased);
      assertThat(downloads).allSatisfy(d -> assertThat(log.latencySeconds(d)).isLessThan(1.0));
    }
    StrategyResult roundRobin =
        PolicyBench.replay(Strategy.ROUND_ROBIN, downloads, workload.polling());
    assertThat(roundRobin.latency().max()).isGreaterThan(1.0);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldKeepEveryDeadlineWhenABurstReachesTheCapTogether(boolean phased) {
    // The burst's 400 first deadlines fall together one cycle after it arrives; "past the cap
    // first" could only start on them once they were past it, and missed it by many tokens
    // while spending tokens on ends. Earliest deadline first starts in time.
    Workload workload =
        WorkloadLoader.parse(
            """
            downloads = 20
            arrival = concurrent
            burst.count = 400
            burst.at = PT30S
            duration = log-normal
            duration.median = PT20M
            duration.sigma = 0.5
            shape.linear = 1
            requests-per-5-minutes = 120
            poll.min-interval = PT1S
            poll.check-interval = PT1S
            seed = 11
            """,
            "burst",
            "burst.properties");
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload);

    ReplayLog log = CappedOracleReplay.run(downloads, workload.polling(), phased);

    double rate = TokenBucket.forBudget(120, VirtualTime.START).sustainedPerSecond();
    double bound = downloads.size() / rate + 1 + 1 / rate;
    assertThat(downloads).allSatisfy(d -> assertThat(log.longestGapSeconds(d)).isLessThan(bound));
  }
}
