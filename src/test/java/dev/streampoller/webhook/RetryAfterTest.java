package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldParseDelaySeconds() {
    assertThat(RetryAfter.parse(" 120 ", clock)).contains(Duration.ofSeconds(120));
  }

  @Test
  void shouldParseAnHttpDateRelativeToTheClock() {
    assertThat(RetryAfter.parse("Thu, 26 Nov 2026 12:01:30 GMT", clock))
        .contains(Duration.ofSeconds(90));
  }

  @Test
  void shouldTreatADateInThePastAsRetryNow() {
    assertThat(RetryAfter.parse("Thu, 26 Nov 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
  }

  @Test
  void shouldCapAbsurdlyLongDelays() {
    assertThat(RetryAfter.parse("99999999999999999999999", clock)).contains(RetryAfter.MAX);
    assertThat(RetryAfter.parse("864000", clock)).contains(RetryAfter.MAX);
  }

  @Test
  void shouldIgnoreMissingOrUnparsableValues() {
    assertThat(RetryAfter.parse(null, clock)).isEmpty();
    assertThat(RetryAfter.parse("", clock)).isEmpty();
    assertThat(RetryAfter.parse("soon", clock)).isEmpty();
    assertThat(RetryAfter.parse("-5", clock)).isEmpty();
  }
}
