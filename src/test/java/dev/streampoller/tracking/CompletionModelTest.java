package dev.streampoller.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The estimator the claim ranks due videos by: the expected detection delay E[(t - T)+] of a poll
 * at t of a download ending at T.
 */
class CompletionModelTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant at(double seconds) {
    return T0.plusNanos(Math.round(seconds * 1e9));
  }

  @Test
  void shouldMatchTheStandardNormalDistribution() {
    assertThat(CompletionModel.normalCdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(CompletionModel.normalCdf(1)).isCloseTo(0.8413447, within(1e-6));
    assertThat(CompletionModel.normalCdf(-1.96)).isCloseTo(0.0249979, within(1e-6));
    assertThat(CompletionModel.normalCdf(3)).isCloseTo(0.9986501, within(1e-6));
    assertThat(CompletionModel.normalCdf(-40)).isCloseTo(0, within(1e-12));
    assertThat(CompletionModel.normalCdf(40)).isCloseTo(1, within(1e-12));
  }

  @Test
  void shouldExpectOneDensityTimesTheSpreadAtThePredictedMoment() {
    // E[(T - mu)+] for T ~ N(mu, s^2) is s phi(0) = s / sqrt(2 pi).
    CompletionModel model = CompletionModel.predicted(at(100), 10);

    assertThat(model.expectedDelaySeconds(T0, at(100)))
        .isCloseTo(10 / Math.sqrt(2 * Math.PI), within(1e-6));
  }

  @Test
  void shouldMatchTheExpectedShortfallOfANormalByNumericalIntegration() {
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 200; i++) {
      double spread = 0.5 + random.nextDouble() * 600;
      double after = (random.nextDouble() * 8 - 4) * spread;

      assertThat(CompletionModel.predicted(after, spread))
          .as("after %s s, spread %s s", after, spread)
          .isCloseTo(integrated(after, spread), within(1e-5 * spread + 1e-9));
    }
  }

  // The integral of (after - x) phi(x / s) / s over x < after, by Simpson's rule over 12 spreads.
  private static double integrated(double after, double spread) {
    int steps = 24_000;
    double from = -12 * spread;
    double to = after;
    if (to <= from) {
      return 0;
    }
    double h = (to - from) / steps;
    double sum = 0;
    for (int k = 0; k <= steps; k++) {
      double x = from + k * h;
      double f =
          (after - x)
              * Math.exp(-(x / spread) * (x / spread) / 2)
              / (spread * Math.sqrt(2 * Math.PI));
      sum += f * (k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2);
    }
    return sum * h / 3;
  }

  @Test
  void shouldGrowWithTimeAndTendToTheTimeSinceThePrediction() {
    CompletionModel model = CompletionModel.predicted(at(100), 5);

    assertThat(model.expectedDelaySeconds(T0, at(50))).isCloseTo(0, within(1e-12));
    assertThat(model.expectedDelaySeconds(T0, at(95)))
        .isLessThan(model.expectedDelaySeconds(T0, at(100)));
    assertThat(model.expectedDelaySeconds(T0, at(130))).isCloseTo(30, within(1e-6));
  }

  @Test
  void shouldNotCapTheDelayFarPastThePrediction() {
    // z = 1000 is far past the clamp of Phi and phi: the delay is the time since the prediction.
    CompletionModel model = CompletionModel.predicted(at(0), 1);

    assertThat(model.expectedDelaySeconds(T0, at(1000))).isCloseTo(1000, within(1e-9));
    assertThat(model.expectedDelaySeconds(T0, at(-1000))).isCloseTo(0, within(1e-200));
  }

  @Test
  void shouldGiveTheLindyDelayWithoutAPrediction() {
    // Having run a = 60 s at the last poll, d = 60 s later: d - a ln(1 + d / a) = 60 (1 - ln 2).
    CompletionModel model = CompletionModel.byAge(60);

    assertThat(model.expectedDelaySeconds(T0, at(60)))
        .isCloseTo(60 * (1 - Math.log(2)), within(1e-9));
    assertThat(model.expectedDelaySeconds(T0, T0)).isZero();
    assertThat(model.expectedDelaySeconds(T0, at(-5))).isZero();
    // Of no age, it is as likely over at once: the whole wait is delay.
    assertThat(CompletionModel.byAge(0).expectedDelaySeconds(T0, at(42))).isEqualTo(42);
  }

  @Test
  void shouldRankAYoungDownloadAboveAnOldOneUnpolledAsLong() {
    // Heavy tails: the longer a download has run, the longer it is expected to run yet.
    double young = CompletionModel.byAge(30).expectedDelaySeconds(T0, at(120));
    double old = CompletionModel.byAge(3600).expectedDelaySeconds(T0, at(120));

    assertThat(young).isGreaterThan(old);
    assertThat(old).isPositive();
  }

  @Test
  void shouldRankAPassedPredictionAboveAFreshBacklogAndBelowAStaleOne() {
    // A prediction 60 s past (spread 10 s) has waited about 60 s; a track one second old has
    // waited next to nothing, one ten minutes old far more (600 - 60 ln 11 = 456 s).
    double passed = CompletionModel.predicted(at(0), 10).expectedDelaySeconds(T0, at(60));
    CompletionModel fresh = CompletionModel.newTrack();

    assertThat(passed).isGreaterThan(fresh.expectedDelaySeconds(at(59), at(60)));
    assertThat(passed).isLessThan(fresh.expectedDelaySeconds(at(-540), at(60)));
  }

  @Test
  void shouldTakeANewTrackAsStartedUnseenAgeBeforeIt() {
    assertThat(CompletionModel.newTrack().ageSeconds())
        .isEqualTo(CompletionModel.UNSEEN_AGE.toNanos() / 1e9);
    assertThat(CompletionModel.UNSEEN_AGE).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldRankNoDownloadBelowEverything() {
    assertThat(CompletionModel.none().expectedDelaySeconds(T0, at(1e6)))
        .isEqualTo(CompletionModel.NO_DOWNLOAD)
        .isLessThan(0);
  }

  @Test
  void shouldRejectModelsThatAreNeitherKindOrBoth() {
    assertThatThrownBy(() -> new CompletionModel(T0, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spread");
    assertThatThrownBy(() -> new CompletionModel(T0, 5.0, 60.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> CompletionModel.predicted(T0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spread");
    assertThatThrownBy(() -> CompletionModel.predicted(T0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CompletionModel.byAge(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("age");
    assertThatThrownBy(() -> CompletionModel.byAge(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSayWhatItBelieves() {
    assertThat(CompletionModel.predicted(T0, 5)).hasToString("predicted " + T0 + " ± 5.0 s");
    assertThat(CompletionModel.byAge(60)).hasToString("by age 60.0 s");
    assertThat(CompletionModel.none()).hasToString("no download");
  }
}
