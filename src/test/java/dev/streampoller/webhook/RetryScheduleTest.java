package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  private static final List<Duration> DELAYS =
      List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30));
  private static final double NO_JITTER = 0.5;

  @Test
  void shouldReturnTheConfiguredDelaysInOrderWithoutJitterAtTheMidpoint() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, () -> NO_JITTER);

    assertThat(schedule.delayAfterAttempt(1)).contains(Duration.ofSeconds(5));
    assertThat(schedule.delayAfterAttempt(2)).contains(Duration.ofMinutes(5));
    assertThat(schedule.delayAfterAttempt(3)).contains(Duration.ofMinutes(30));
  }

  @Test
  void shouldBeExhaustedAfterOneMoreAttemptThanDelays() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, () -> NO_JITTER);

    assertThat(schedule.maxAttempts()).isEqualTo(4);
    assertThat(schedule.delayAfterAttempt(4)).isEmpty();
    assertThat(schedule.delayAfterAttempt(Integer.MAX_VALUE)).isEmpty();
  }

  @Test
  void shouldShortenByTenPercentAtTheLowestJitter() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, () -> 0.0);

    assertThat(schedule.delayAfterAttempt(1)).contains(Duration.ofMillis(4500));
    assertThat(schedule.delayAfterAttempt(3)).contains(Duration.ofMinutes(27));
  }

  @Test
  void shouldLengthenByTenPercentAtTheHighestJitter() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, () -> 1.0);

    assertThat(schedule.delayAfterAttempt(1)).contains(Duration.ofMillis(5500));
    assertThat(schedule.delayAfterAttempt(2)).contains(Duration.ofMinutes(5).plusSeconds(30));
  }

  @Test
  void shouldStayWithinTenPercentForRandomJitter() {
    SplittableRandom random = new SplittableRandom(42);
    RetrySchedule schedule = new RetrySchedule(DELAYS, random::nextDouble);

    List<Duration> seen = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(schedule.delayAfterAttempt(1).orElseThrow());
    }

    assertThat(seen)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500)));
    // Jitter must actually spread retries, not just stay in bounds.
    assertThat(seen.stream().distinct().count()).isGreaterThan(100);
  }

  @Test
  void shouldRejectZeroOrNegativeAttemptsMade() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, () -> NO_JITTER);

    assertThatThrownBy(() -> schedule.delayAfterAttempt(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> schedule.delayAfterAttempt(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectAnEmptySchedule() {
    assertThatThrownBy(() -> new RetrySchedule(List.of(), () -> NO_JITTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one delay");
  }

  @Test
  void shouldRejectAZeroDelayNamingItsPosition() {
    List<Duration> delays = List.of(Duration.ofSeconds(5), Duration.ZERO);

    assertThatThrownBy(() -> new RetrySchedule(delays, () -> NO_JITTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry delay #2 must be positive, was PT0S");
  }

  @Test
  void shouldRejectANegativeDelay() {
    assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), () -> NO_JITTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("#1 must be positive");
  }

  @Test
  void shouldRejectADelayAboveTheMaximum() {
    List<Duration> delays = List.of(RetrySchedule.MAX_DELAY.plusSeconds(1));

    assertThatThrownBy(() -> new RetrySchedule(delays, () -> NO_JITTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
  }

  @Test
  void shouldAcceptTheMaximumDelayWithFullJitter() {
    RetrySchedule schedule = new RetrySchedule(List.of(RetrySchedule.MAX_DELAY), () -> 1.0);

    assertThat(schedule.delayAfterAttempt(1))
        .contains(Duration.ofNanos(Math.round(RetrySchedule.MAX_DELAY.toNanos() * 1.1)));
  }

  @Test
  void shouldFailLoudlyWhenTheJitterSourceIsOutOfRange() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, () -> 1.5);

    assertThatThrownBy(() -> schedule.delayAfterAttempt(1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldNotBeAffectedByChangesToTheGivenList() {
    List<Duration> delays = new ArrayList<>(DELAYS);
    RetrySchedule schedule = new RetrySchedule(delays, () -> NO_JITTER);

    delays.clear();

    assertThat(schedule.delays()).isEqualTo(DELAYS);
    assertThat(schedule.maxAttempts()).isEqualTo(4);
  }

  @Test
  void shouldJitterWithinBoundsUsingTheDefaultRandomSource() {
    RetrySchedule schedule = RetrySchedule.withRandomJitter(DELAYS);

    assertThat(schedule.delayAfterAttempt(2).orElseThrow())
        .isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
    assertThat(schedule).isEqualTo(new RetrySchedule(DELAYS, () -> NO_JITTER));
  }
}
