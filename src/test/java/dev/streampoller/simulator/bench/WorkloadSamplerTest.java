package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sweep's workloads: reproducible per seed and spread over the whole format. */
class WorkloadSamplerTest {
  private static List<WorkloadSampler.Sample> draw(long seed, int count) {
    WorkloadSampler sampler = new WorkloadSampler(seed);
    List<WorkloadSampler.Sample> samples = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      samples.add(sampler.next(i));
    }
    return samples;
  }

  @Test
  void shouldDrawTheSameWorkloadsForTheSameSeed() {
    assertThat(draw(42, 20)).isEqualTo(draw(42, 20));
    assertThat(draw(43, 20)).isNotEqualTo(draw(42, 20));
  }

  @Test
  void shouldCoverTheWholeSpaceOfTheFormat() {
    List<WorkloadSampler.Sample> samples = draw(1, 400);
    Set<Class<?>> arrivals = new HashSet<>();
    Set<Long> minIntervals = new HashSet<>();
    int most = 0;
    int fewest = Integer.MAX_VALUE;
    int withBurst = 0;
    int withErrors = 0;
    for (WorkloadSampler.Sample sample : samples) {
      Workload w = sample.workload();
      arrivals.add(w.arrival().getClass());
      minIntervals.add(w.polling().minInterval().toSeconds());
      most = Math.max(most, w.downloads());
      fewest = Math.min(fewest, w.downloads());
      withBurst += w.burst().isPresent() ? 1 : 0;
      withErrors += w.shapes().errorShare() > 0.1 ? 1 : 0;
      assertThat(w.totalDownloads()).isBetween(10, 20_000);
      assertThat(w.polling().requestsPer5Minutes()).isBetween(10, 1200);
      assertThat(w.shapes().errorShare()).isBetween(0.0, 0.2);
      assertThat(w.polling().checkInterval()).isEqualTo(Duration.ofSeconds(1));
      assertThat(sample.timeScale()).isBetween(0.0, 1.0);
    }
    assertThat(arrivals).hasSize(3);
    assertThat(minIntervals).hasSize(10);
    assertThat(most).isGreaterThan(15_000);
    assertThat(fewest).isLessThan(20);
    assertThat(withBurst).isBetween(50, 150);
    assertThat(withErrors).isGreaterThan(100);
  }

  @Test
  void shouldReportTheSameSweepForTheSameSeed() {
    PolicySweep.Result first = PolicySweep.run(4, 9, w -> w);
    PolicySweep.Result second = PolicySweep.run(4, 9, w -> w);

    assertThat(second.rows()).isEqualTo(first.rows());
    assertThat(PolicySweep.table(first)).contains("Summary over 4 workloads (seed 9)", "p99");
    assertThat(first.windowsOverBudget()).isZero();
  }
}
