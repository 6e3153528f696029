package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.simulator.ScriptedDownload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RealTimePlanTest {

  @Test
  void shouldScaleTheDownloadsAndTheBudgetTogether() {
    RealTimePlan plan = RealTimePlan.of(WorkloadLoader.shipped("w1"), 0.1, Duration.ofMinutes(5));

    assertThat(plan.arrivals()).hasSize(50);
    assertThat(plan.replay().downloads()).isEqualTo(50);
    assertThat(plan.replay().polling().requestsPer5Minutes()).isEqualTo(120);
  }

  @Test
  void shouldKeepOnlyTheArrivalsWithinTheRun() {
    RealTimePlan plan =
        RealTimePlan.of(WorkloadLoader.shipped("w3-shapes"), 0.5, Duration.ofMinutes(2));

    assertThat(plan.arrivals()).isNotEmpty();
    assertThat(plan.arrivals()).allMatch(a -> a.at().compareTo(Duration.ofMinutes(2)) <= 0);
    assertThat(plan.arrivals().size()).isLessThan(plan.replay().downloads());
  }

  @Test
  void shouldScriptTheSameOutcomesAsTheReplay() {
    RealTimePlan plan =
        RealTimePlan.of(WorkloadLoader.shipped("w3-shapes"), 1.0, Duration.ofMinutes(10));

    long errors =
        plan.arrivals().stream()
            .filter(a -> a.download().outcome() == ScriptedDownload.Outcome.ERROR)
            .count();
    assertThat(errors).isPositive();
    assertThat(plan.arrivals())
        .allMatch(a -> a.completesAfter().compareTo(a.download().buildDuration()) <= 0);
  }

  @Test
  void shouldRejectAScaleOutsideZeroToOne() {
    assertThatThrownBy(
            () -> RealTimePlan.of(WorkloadLoader.shipped("w1"), 1.5, Duration.ofMinutes(5)))
        .hasMessageContaining("scale");
  }
}
