package dev.streampoller.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static RateLimitInfo parse(String... namesAndValues) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i].toLowerCase(Locale.ROOT), namesAndValues[i + 1]);
    }
    return RateLimitHeaders.parse(headers::get, NOW);
  }

  @Test
  void shouldReadXRateLimitHeaders() {
    RateLimitInfo info =
        parse(
            "X-RateLimit-Limit", "1200", "X-RateLimit-Remaining", "15", "X-RateLimit-Reset", "30");

    assertThat(info)
        .isEqualTo(
            new RateLimitInfo(
                OptionalInt.of(1200), OptionalInt.of(15), Optional.of(Duration.ofSeconds(30))));
  }

  @Test
  void shouldReadTheEarlyIetfDictionaryForm() {
    RateLimitInfo info = parse("RateLimit", "limit=1200, remaining=15, reset=30");

    assertThat(info.limit()).hasValue(1200);
    assertThat(info.remaining()).hasValue(15);
    assertThat(info.reset()).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldReadTheCurrentIetfDraftWithItsPolicy() {
    RateLimitInfo info =
        parse("RateLimit", "\"default\";r=15;t=30", "RateLimit-Policy", "\"default\";q=1200;w=300");

    assertThat(info.limit()).hasValue(1200);
    assertThat(info.remaining()).hasValue(15);
    assertThat(info.reset()).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldReadSeparateIetfFieldsAndABareNumberPolicy() {
    RateLimitInfo info =
        parse("RateLimit-Remaining", "7", "RateLimit-Reset", "12", "RateLimit-Policy", "100;w=60");

    assertThat(info.limit()).hasValue(100);
    assertThat(info.remaining()).hasValue(7);
    assertThat(info.reset()).contains(Duration.ofSeconds(12));
  }

  @Test
  void shouldPreferXRateLimitOverIetfHeaders() {
    RateLimitInfo info = parse("X-RateLimit-Remaining", "3", "RateLimit", "remaining=9");

    assertThat(info.remaining()).hasValue(3);
  }

  @Test
  void shouldReadAUnixTimeResetRelativeToNow() {
    RateLimitInfo info =
        parse("X-RateLimit-Reset", Long.toString(NOW.plusSeconds(90).getEpochSecond()));

    assertThat(info.reset()).contains(Duration.ofSeconds(90));
  }

  @Test
  void shouldIgnoreGarbage() {
    RateLimitInfo info =
        parse("X-RateLimit-Limit", "lots", "X-RateLimit-Remaining", "-1", "RateLimit", "r=;t=x");

    assertThat(info.isEmpty()).isTrue();
  }

  @Test
  void shouldAnswerNoneWithoutHeaders() {
    assertThat(parse()).isEqualTo(RateLimitInfo.none());
  }

  @Test
  void shouldReadRetryAfterSeconds() {
    assertThat(RateLimitHeaders.retryAfter("120", NOW)).contains(Duration.ofMinutes(2));
  }

  @Test
  void shouldReadRetryAfterAsAnHttpDate() {
    assertThat(RateLimitHeaders.retryAfter("Thu, 01 Jan 2026 00:05:00 GMT", NOW))
        .contains(Duration.ofMinutes(5));
  }

  @Test
  void shouldCapARetryAfterOfMoreThanAnHourAtOneHour() {
    assertThat(RateLimitHeaders.retryAfter("86400", NOW)).contains(Duration.ofHours(1));
    assertThat(RateLimitHeaders.retryAfter("999999999999999999", NOW))
        .contains(Duration.ofHours(1));
    assertThat(RateLimitHeaders.retryAfter("Fri, 01 Jan 2027 00:00:00 GMT", NOW))
        .contains(Duration.ofHours(1));
    assertThat(RateLimitHeaders.retryAfter("3600", NOW)).contains(Duration.ofHours(1));
  }

  @Test
  void shouldIgnoreAnUnreadableRetryAfter() {
    assertThat(RateLimitHeaders.retryAfter("soon", NOW)).isEmpty();
    assertThat(RateLimitHeaders.retryAfter(null, NOW)).isEmpty();
  }
}
