package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySweepTest {
  @Test
  void shouldCountWorkloadsWorseThanRoundRobinByHowMuch() {
    WorkloadSampler.Sample sample = new WorkloadSampler.Sample(PolicyReplayTest.contested(), 1);
    List<PolicySweep.Row> rows =
        List.of(
            row(sample, 100, 100), // equal: not worse
            row(sample, 99, 100), // better
            row(sample, 100.5, 100), // within 1%
            row(sample, 101, 100), // exactly 1%: within 1%
            row(sample, 103, 100), // 1-5%
            row(sample, 105, 100), // exactly 5%: 1-5%
            row(sample, 130, 100), // more
            row(sample, 0.4, 0.2)); // both under 1 s: taken as 1 s, a tie

    assertThat(PolicySweep.overBy(rows, 1)).containsExactly(2, 2, 1);
  }

  /** A row whose every percentile is {@code policy} seconds against round-robin's {@code rr}. */
  private static PolicySweep.Row row(WorkloadSampler.Sample sample, double policy, double rr) {
    LatencyStats p = LatencyStats.of(new double[] {policy});
    LatencyStats r = LatencyStats.of(new double[] {rr});
    return new PolicySweep.Row(sample, p, r, r, r, r, 1, 1, 0);
  }
}
