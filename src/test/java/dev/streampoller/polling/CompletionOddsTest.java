package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The expected gain of a poll: the chance that it finds the download over. */
class CompletionOddsTest {
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
