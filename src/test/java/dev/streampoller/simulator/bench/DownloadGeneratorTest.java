package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streampoller.tracking.DownloadStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadGeneratorTest {
  private static Workload workload(String shapeKey, double errorShare, int downloads) {
    return WorkloadLoader.parse(
        """
        downloads = %d
        arrival = uniform
        arrival.span = PT5M
        duration = log-normal
        duration.median = PT6M
        duration.sigma = 0.5
        shape.%s = 1
        shape.step-count = 4
        error.share = %s
        requests-per-5-minutes = 1200
        seed = 11
        """
            .formatted(downloads, shapeKey, errorShare),
        "test",
        "test.properties");
  }

  /** Samples a download's percent every second over its life; asserts monotone and 100 at end. */
  private static void assertMonotoneToHundredAtEnd(SyntheticDownload d) {
    double previous = 0;
    long start = d.arrivesAtNanos();
    for (long at = start; at < d.endsAtNanos(); at += 1_000_000_000L) {
      double percent = d.percentAt(at);
      assertThat(percent).isBetween(previous, 100.0);
      assertThat(d.statusAt(at)).isEqualTo(DownloadStatus.IN_PROGRESS);
      previous = percent;
    }
    assertThat(d.percentAt(d.endsAtNanos())).isEqualTo(100);
    assertThat(d.statusAt(d.endsAtNanos())).isEqualTo(DownloadStatus.READY);
    assertThat(d.endsAt() - d.arrivesAt()).isCloseTo(d.curve().duration(), within(1e-9));
  }

  @Test
  void shouldMakeLinearWithNoiseMonotoneAndEndAtHundredExactlyAtTheDuration() {
    List<SyntheticDownload> downloads =
        DownloadGenerator.generate(workload("linear-with-noise", 0, 50));

    assertThat(downloads).allSatisfy(d -> assertThat(d.shape()).isEqualTo(Shape.LINEAR_WITH_NOISE));
    downloads.forEach(DownloadGeneratorTest::assertMonotoneToHundredAtEnd);
  }

  @Test
  void shouldMakeLinearWithNoiseVaryItsSpeed() {
    SyntheticDownload d = DownloadGenerator.generate(workload("linear-with-noise", 0, 1)).get(0);
    double duration = d.curve().duration();

    // Straight linear would be exactly 10% per tenth; noise of ±30% moves some tenths off it.
    double largestDeviation = 0;
    for (int tenth = 1; tenth <= 10; tenth++) {
      double gained =
          d.curve().percentAt(duration * tenth / 10)
              - d.curve().percentAt(duration * (tenth - 1) / 10);
      largestDeviation = Math.max(largestDeviation, Math.abs(gained - 10));
    }
    assertThat(largestDeviation).isGreaterThan(0.2);
  }

  @Test
  void shouldMakeLinearProportionalToTime() {
    SyntheticDownload d = DownloadGenerator.generate(workload("linear", 0, 1)).get(0);

    assertMonotoneToHundredAtEnd(d);
    assertThat(d.curve().percentAt(d.curve().duration() / 4)).isCloseTo(25, within(1e-9));
  }

  @Test
  void shouldMakeStepsJumpInEqualSteps() {
    SyntheticDownload d = DownloadGenerator.generate(workload("steps", 0, 1)).get(0);
    double duration = d.curve().duration();

    assertMonotoneToHundredAtEnd(d);
    assertThat(d.curve().percentAt(duration * 0.24)).isZero();
    assertThat(d.curve().percentAt(duration * 0.26)).isEqualTo(25);
    assertThat(d.curve().percentAt(duration * 0.74)).isEqualTo(50);
    assertThat(d.curve().percentAt(duration * 0.99)).isEqualTo(75);
  }

  @Test
  void shouldMakeStallThenJumpSitAtZeroUntilDone() {
    SyntheticDownload d = DownloadGenerator.generate(workload("stall-then-jump", 0, 1)).get(0);

    assertMonotoneToHundredAtEnd(d);
    assertThat(d.percentAt(d.endsAtNanos() - 1)).isZero();
  }

  @Test
  void shouldEndTheErrorShareInErrorMidway() {
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload("linear", 0.1, 10_000));

    List<SyntheticDownload> errors = downloads.stream().filter(SyntheticDownload::error).toList();
    assertThat(errors.size() / 10_000.0).isCloseTo(0.1, within(0.01));
    assertThat(errors)
        .allSatisfy(
            d -> {
              double fraction = (d.endsAt() - d.arrivesAt()) / d.curve().duration();
              assertThat(fraction).isBetween(0.25, 0.75);
              assertThat(d.statusAt(d.endsAtNanos())).isEqualTo(DownloadStatus.ERROR);
              assertThat(d.statusAt(d.endsAtNanos() - 1)).isEqualTo(DownloadStatus.IN_PROGRESS);
              assertThat(d.percentAt(d.endsAtNanos() + 60_000_000_000L)).isLessThan(80);
            });
  }

  @Test
  void shouldHonourShapeShares() {
    Workload mixed =
        WorkloadLoader.parse(
            WorkloadLoaderTest.VALID.replace("downloads = 100", "downloads = 10000"),
            "test",
            "test.properties");

    List<SyntheticDownload> downloads = DownloadGenerator.generate(mixed);

    long steps = downloads.stream().filter(d -> d.shape() == Shape.STEPS).count();
    assertThat(steps / (double) downloads.size()).isCloseTo(0.25, within(0.02));
    assertThat(downloads.stream().filter(SyntheticDownload::burst).count()).isEqualTo(50);
  }

  @Test
  void shouldOrderDownloadsByArrivalWithIdsFollowingIt() {
    List<SyntheticDownload> downloads = DownloadGenerator.generate(workload("linear", 0, 200));

    for (int i = 0; i < downloads.size(); i++) {
      assertThat(downloads.get(i).id()).isEqualTo(i);
      if (i > 0) {
        assertThat(downloads.get(i).arrivesAt())
            .isGreaterThanOrEqualTo(downloads.get(i - 1).arrivesAt());
      }
    }
  }
}
