package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkloadLoaderTest {
  static final String VALID =
      """
      downloads = 100
      arrival = uniform
      arrival.span = PT10M
      burst.count = 50
      burst.at = PT2M
      duration = log-normal
      duration.median = PT6M
      duration.sigma = 0.5
      shape.linear-with-noise = 0.5
      shape.steps = 0.25
      shape.stall-then-jump = 0.25
      shape.step-count = 5
      error.share = 0.1
      requests-per-5-minutes = 600
      poll.min-interval = PT2S
      seed = 7
      """;

  @Test
  void shouldReadEveryKeyOfAValidWorkload() {
    Workload workload = WorkloadLoader.parse(VALID, "test", "test.properties");

    assertThat(workload.downloads()).isEqualTo(100);
    assertThat(workload.arrival()).isEqualTo(new Workload.Arrival.Uniform(Duration.ofMinutes(10)));
    assertThat(workload.burst()).contains(new Workload.Burst(50, Duration.ofMinutes(2)));
    assertThat(workload.totalDownloads()).isEqualTo(150);
    assertThat(workload.durations())
        .isEqualTo(new Workload.Durations.LogNormal(Duration.ofMinutes(6), 0.5));
    assertThat(workload.shapes().share(Shape.STEPS)).isEqualTo(0.25);
    assertThat(workload.shapes().share(Shape.LINEAR)).isZero();
    assertThat(workload.shapes().steps()).isEqualTo(5);
    assertThat(workload.shapes().errorShare()).isEqualTo(0.1);
    assertThat(workload.polling())
        .isEqualTo(
            new Workload.Polling(
                600,
                Duration.ofSeconds(2),
                Duration.ofMinutes(2),
                Duration.ofSeconds(1),
                Workload.Polling.DAEMON_AGE_CAP));
    assertThat(workload.seed()).isEqualTo(7);
  }

  @Test
  void shouldNameTheKeyAndTheFileWhenAValueIsBad() {
    String text = VALID.replace("downloads = 100", "downloads = many");

    assertThatThrownBy(() -> WorkloadLoader.parse(text, "test", "dir/test.properties"))
        .isInstanceOfSatisfying(
            WorkloadException.class,
            e -> {
              assertThat(e.isNotFound()).isFalse();
              assertThat(e.problems())
                  .singleElement()
                  .asString()
                  .startsWith("downloads: ")
                  .contains("'many'")
                  .endsWith("(dir/test.properties)");
            });
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    String text =
        VALID
            .replace("duration.sigma = 0.5", "duration.sigma = -1")
            .replace("poll.min-interval = PT2S", "poll.min-interval = 2s")
            .replace("seed = 7\n", "");

    assertThatThrownBy(() -> WorkloadLoader.parse(text, "test", "test.properties"))
        .isInstanceOfSatisfying(
            WorkloadException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anySatisfy(p -> assertThat(p).startsWith("duration.sigma: "))
                    .anySatisfy(p -> assertThat(p).startsWith("poll.min-interval: "))
                    .anySatisfy(p -> assertThat(p).startsWith("seed: is required")));
  }

  @Test
  void shouldRejectAnUnknownKey() {
    String text = VALID + "shape.linaer = 0\n";

    assertThatThrownBy(() -> WorkloadLoader.parse(text, "test", "test.properties"))
        .hasMessage("shape.linaer: unknown key (test.properties)");
  }

  @Test
  void shouldRejectAKeyThatHasNoEffectWithTheChosenArrival() {
    String text = VALID.replace("arrival = uniform", "arrival = concurrent");

    assertThatThrownBy(() -> WorkloadLoader.parse(text, "test", "test.properties"))
        .hasMessageStartingWith("arrival.span: has no effect unless arrival = uniform");
  }

  @Test
  void shouldRejectShapeSharesThatDoNotAddUpToOne() {
    String text = VALID.replace("shape.steps = 0.25", "shape.steps = 0.5");

    assertThatThrownBy(() -> WorkloadLoader.parse(text, "test", "test.properties"))
        .hasMessageStartingWith("shape.*: the shares of")
        .hasMessageContaining("were 1.25");
  }

  @Test
  void shouldRequireTheValueOfAFixedDuration() {
    String text =
        VALID
            .replace("duration = log-normal", "duration = fixed")
            .replace("duration.median = PT6M\n", "")
            .replace("duration.sigma = 0.5\n", "");

    assertThatThrownBy(() -> WorkloadLoader.parse(text, "test", "test.properties"))
        .hasMessage("duration.value: is required (test.properties)");
  }

  @Test
  void shouldRejectAnUnknownArrivalPattern() {
    String text = VALID.replace("arrival = uniform", "arrival = bursty");

    assertThatThrownBy(() -> WorkloadLoader.parse(text, "test", "test.properties"))
        .hasMessageContaining("arrival: must be one of concurrent, uniform, poisson, was 'bursty'");
  }

  @Test
  void shouldLoadEveryShippedWorkloadByName() {
    for (String name : WorkloadLoader.SHIPPED) {
      Workload workload = WorkloadLoader.resolve(name);

      assertThat(workload.name()).isEqualTo(name);
      assertThat(workload.source()).isEqualTo("workloads/" + name + ".properties");
    }
  }

  @Test
  void shouldShipW1AsTheIssueDescribesIt() {
    Workload w1 = WorkloadLoader.shipped("w1");

    assertThat(w1.downloads()).isEqualTo(500);
    assertThat(w1.arrival()).isInstanceOf(Workload.Arrival.Concurrent.class);
    assertThat(w1.durations())
        .isInstanceOfSatisfying(
            Workload.Durations.LogNormal.class,
            d -> assertThat(d.median()).isEqualTo(Duration.ofMinutes(6)));
    assertThat(w1.shapes().share(Shape.LINEAR_WITH_NOISE)).isEqualTo(1);
    assertThat(w1.polling().requestsPer5Minutes()).isEqualTo(1200);
  }

  @Test
  void shouldSayNotFoundForAnUnknownName() {
    assertThatThrownBy(() -> WorkloadLoader.resolve("w9-nothing"))
        .isInstanceOfSatisfying(WorkloadException.class, e -> assertThat(e.isNotFound()).isTrue())
        .hasMessageContaining("w9-nothing")
        .hasMessageContaining("w1, w2-ample");
  }
}
