package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The expected gain of a poll: the chance that it finds the download over. */
class CompletionOddsTest {
  @Test
  void shouldMatchTheStandardNormalDistribution() {
    assertThat(CompletionOdds.normalCdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(CompletionOdds.normalCdf(1)).isCloseTo(0.8413447, within(1e-6));
    assertThat(CompletionOdds.normalCdf(-1.96)).isCloseTo(0.0249979, within(1e-6));
    assertThat(CompletionOdds.normalCdf(3)).isCloseTo(0.9986501, within(1e-6));
  }

  @Test
  void shouldGrowTheLaterAPollComesAfterThePrediction() {
    double early = CompletionOdds.byPrediction(-30, 10);
    double at = CompletionOdds.byPrediction(0, 10);
    double late = CompletionOdds.byPrediction(30, 10);

    assertThat(early).isLessThan(0.01);
    assertThat(at).isCloseTo(0.5, within(1e-7));
    assertThat(late).isGreaterThan(0.99);
  }

  @Test
  void shouldTreatASpreadOfZeroAsCertain() {
    assertThat(CompletionOdds.byPrediction(-1, 0)).isZero();
    assertThat(CompletionOdds.byPrediction(0, 0)).isEqualTo(1);
  }

  @Test
  void shouldGiveTheLindyOddsFromTheAgeAlone() {
    // Having run 300 s, the next 100 s end it with 100 / 400.
    assertThat(CompletionOdds.byAge(300, 100)).isCloseTo(0.25, within(1e-12));
    assertThat(CompletionOdds.byAge(0, 100)).isEqualTo(1);
    assertThat(CompletionOdds.byAge(300, 0)).isZero();
    assertThat(CompletionOdds.byAge(0, 0)).isEqualTo(1);
  }
}
