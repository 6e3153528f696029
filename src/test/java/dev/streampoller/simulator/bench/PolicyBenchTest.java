package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyBenchTest {
  /** Each shipped workload is replayed once for all the tests that only read its figures. */
  private static final Map<String, BenchResult> SHIPPED_RUNS = new ConcurrentHashMap<>();

  static List<String> shipped() {
    return WorkloadLoader.SHIPPED;
  }

  private static BenchResult shippedRun(String name) {
    return SHIPPED_RUNS.computeIfAbsent(name, n -> PolicyBench.run(WorkloadLoader.shipped(n)));
  }

  @Test
  void shouldGiveIdenticalFiguresForTheSameSeed() {
    Workload w3 = WorkloadLoader.shipped("w3-shapes");

    BenchResult first = PolicyBench.run(w3);
    BenchResult second = PolicyBench.run(w3);

    assertThat(second.withoutWallTime()).isEqualTo(first.withoutWallTime());
    assertThat(BenchReport.json(List.of(second.withoutWallTime())))
        .isEqualTo(BenchReport.json(List.of(first.withoutWallTime())));
  }

  @Test
  void shouldGiveDifferentFiguresForAnotherSeed() {
    Workload w3 = WorkloadLoader.shipped("w3-shapes");
    Workload reseeded =
        new Workload(
            w3.name(),
            w3.source(),
            w3.downloads(),
            w3.arrival(),
            w3.burst(),
            w3.durations(),
            w3.shapes(),
            w3.polling(),
            w3.seed() + 1);

    assertThat(PolicyBench.run(reseeded).withoutWallTime().strategies())
        .isNotEqualTo(PolicyBench.run(w3).withoutWallTime().strategies());
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void shouldNeverExceedTheBudgetInAnyFiveMinuteWindow(String name) {
    BenchResult result = shippedRun(name);

    assertThat(result.strategies())
        .hasSize(Strategy.values().length)
        .allSatisfy(
            s -> {
              assertThat(s.windowsOverBudget()).isZero();
              assertThat(s.worstWindow()).isLessThanOrEqualTo(s.budget());
            });
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void shouldNeverFindTheOracleSlowerThanThePolicyOrRoundRobin(String name) {
    BenchResult result = shippedRun(name);
    LatencyStats oracle = result.of(Strategy.ORACLE).latency();

    for (Strategy other : List.of(Strategy.POLICY, Strategy.ROUND_ROBIN)) {
      LatencyStats latency = result.of(other).latency();
      assertThat(oracle.mean()).isLessThanOrEqualTo(latency.mean());
      assertThat(oracle.p50()).isLessThanOrEqualTo(latency.p50());
      assertThat(oracle.p95()).isLessThanOrEqualTo(latency.p95());
      assertThat(oracle.max()).isLessThanOrEqualTo(latency.max());
    }
    assertThat(result.of(Strategy.ORACLE).polls()).isEqualTo(result.workload().totalDownloads());
  }

  @Test
  void shouldFindRoundRobinLateByHalfARoundOnAverage() {
    Workload fixed =
        WorkloadLoader.parse(
            """
            downloads = 200
            arrival = concurrent
            duration = fixed
            duration.value = PT30M
            shape.linear = 1
            requests-per-5-minutes = 1200
            seed = 1
            """,
            "fixed",
            "fixed.properties");
    double rate =
        dev.streampoller.polling.TokenBucket.forBudget(1200, VirtualTime.START)
            .sustainedPerSecond();

    StrategyResult roundRobin = PolicyBench.run(fixed).of(Strategy.ROUND_ROBIN);

    double expected = 200 / (2 * rate);
    assertThat(roundRobin.latency().mean()).isCloseTo(expected, within(expected * 0.05));
    assertThat(roundRobin.latency().max()).isCloseTo(200 / rate, within(2.0));
  }

  @Test
  void shouldPollEveryDownloadUntilItsEndIsSeen() {
    BenchResult result = shippedRun("w3-shapes");

    assertThat(result.strategies())
        .allSatisfy(
            s -> {
              assertThat(s.latency().count()).isEqualTo(300);
              assertThat(s.latency().p50()).isGreaterThanOrEqualTo(0);
              assertThat(s.polls()).isGreaterThanOrEqualTo(300);
            });
  }

  @Test
  void shouldReportTheBurstSeparately() {
    BenchResult result = shippedRun("w4-burst");
    StrategyResult policy = result.of(Strategy.POLICY);

    assertThat(policy.baseLatency().count()).isEqualTo(200);
    assertThat(policy.burstLatency().count()).isEqualTo(10_000);
    assertThat(policy.burstFirstPoll().count()).isEqualTo(10_000);
    assertThat(BenchReport.table(List.of(result))).contains("fairness", "burst 1st poll");
  }
}
