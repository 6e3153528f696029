package dev.streampoller.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Parses an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110). */
final class RetryAfter {
  // A receiver asking for more is treated as asking for this; the retry schedule still applies.
  static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /** The delay the header asks for, measured from {@code clock}; empty if absent or unusable. */
  static Optional<Duration> parse(@Nullable String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    Duration delay;
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        delay = Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        delay = MAX; // more digits than a long holds
      }
    } else {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        delay = Duration.between(clock.instant(), at);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    if (delay.isNegative()) {
      return Optional.of(Duration.ZERO);
    }
    return Optional.of(delay.compareTo(MAX) > 0 ? MAX : delay);
  }
}
