package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress model the completion odds rest on. */
class ProgressEstimateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  private static List<ProgressPoint> points(double... secondsAndPercents) {
    List<ProgressPoint> points = new ArrayList<>();
    for (int i = 0; i < secondsAndPercents.length; i += 2) {
      points.add(
          new ProgressPoint(
              T0.plusMillis(Math.round(secondsAndPercents[i] * 1000)), secondsAndPercents[i + 1]));
    }
    return points;
  }

  private static double secondsAfterT0(Instant at) {
    return Duration.between(T0, at).toMillis() / 1000.0;
  }

  @Test
  void shouldPredictALinearDownloadExactly() {
    ProgressEstimate estimate = ProgressEstimate.of(points(0, 0, 10, 10, 20, 20, 30, 30));

    assertThat(estimate.ratePerSecond()).isCloseTo(1.0, within(1e-9));
    assertThat(secondsAfterT0(estimate.completionAt())).isCloseTo(100.0, within(0.01));
    assertThat(estimate.samples()).isEqualTo(4);
  }

  @Test
  void shouldAverageNoisyReadingsByLeastSquares() {
    // 1%/s with readings off by +-1 point.
    ProgressEstimate estimate =
        ProgressEstimate.of(points(0, 1, 10, 9, 20, 21, 30, 29, 40, 41, 50, 49));

    assertThat(estimate.ratePerSecond()).isCloseTo(1.0, within(0.05));
    assertThat(secondsAfterT0(estimate.completionAt())).isCloseTo(100.0, within(5.0));
  }

  @Test
  void shouldShrinkTheRelativeErrorWithMoreObservations() {
    ProgressEstimate two = ProgressEstimate.of(points(0, 0, 10, 10));
    ProgressEstimate five = ProgressEstimate.of(points(0, 0, 10, 10, 20, 20, 30, 30, 40, 40));

    assertThat(two.relativeError()).isCloseTo(0.5, within(1e-9));
    assertThat(five.relativeError()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void shouldReportAStallAsNoRateSinceTheLastChange() {
    ProgressEstimate estimate = ProgressEstimate.of(points(0, 0, 10, 30, 20, 30, 60, 30));

    assertThat(estimate.lastChangeAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(ProgressEstimate.of(points(0, 0, 50, 0)).ratePerSecond()).isZero();
  }

  @Test
  void shouldUseOnlyTheRecentWindow() {
    // Slow (0.1%/s) for a long time, then 1%/s over the last 8 observations.
    List<ProgressPoint> history = new ArrayList<>(points(0, 0, 100, 10));
    for (int i = 0; i < ProgressEstimate.WINDOW; i++) {
      history.add(new ProgressPoint(T0.plusSeconds(200 + 10L * i), 20 + 10 * i));
    }

    assertThat(ProgressEstimate.of(history).ratePerSecond()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void shouldHaveNoSamplesWithoutAPercentage() {
    assertThat(ProgressEstimate.of(List.of()).samples()).isZero();
  }
}
