package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final LatencyStats LATENCY = new LatencyStats(10, 3.0, 1.25, 9.94, 12.0, 12.04);
  private static final LatencyStats NONE = new LatencyStats(0, 0, 0, 0, 0, 0);

  private static BenchResult result() {
    Workload w1 = WorkloadLoader.shipped("w1");
    StrategyResult policy =
        new StrategyResult(
            Strategy.POLICY,
            LATENCY,
            LATENCY,
            NONE,
            NONE,
            2474,
            500,
            1199,
            1200,
            0,
            130.5,
            7_000_000);
    return new BenchResult(w1, List.of(policy), 9_000_000);
  }

  @Test
  void shouldPrintSecondsWithOneDecimalAndTheWorstWindowAgainstTheBudget() {
    String table = BenchReport.table(List.of(result()));

    assertThat(table)
        .contains("Workload w1 (workloads/w1.properties)")
        .contains("500 downloads concurrent")
        .containsPattern(
            "policy +1\\.3 +9\\.9 +12\\.0 +12\\.0 +2474 +4\\.9 +1199/1200 +0 +130\\.5 +7")
        .contains("wall time 9 ms")
        .doesNotContain("fairness");
  }

  @Test
  void shouldRenderTheSameFiguresAsJson() throws Exception {
    JsonNode json = new ObjectMapper().readTree(BenchReport.json(List.of(result())));

    JsonNode policy = json.get(0).get("strategies").get("policy");
    assertThat(json.get(0).get("workload").asText()).isEqualTo("w1");
    assertThat(policy.get("latencySeconds").get("p95").asDouble()).isEqualTo(9.94);
    assertThat(policy.get("worstFiveMinuteWindow").asInt()).isEqualTo(1199);
    assertThat(policy.get("windowsOverBudget").asInt()).isZero();
    assertThat(policy.get("longestGapSeconds").asDouble()).isEqualTo(130.5);
  }
}
