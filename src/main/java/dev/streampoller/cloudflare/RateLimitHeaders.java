package dev.streampoller.cloudflare;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Parses the rate-limit headers Cloudflare may send: {@code X-RateLimit-Limit/Remaining/Reset}, the
 * early IETF draft ({@code RateLimit-Limit} etc., or {@code RateLimit: limit=1200, remaining=15,
 * reset=30}), the current draft ({@code RateLimit: "default";r=15;t=30} with {@code
 * RateLimit-Policy: "default";q=1200;w=300}) and {@code Retry-After}. Garbage is ignored: a header
 * the parser does not understand is treated as absent. Pure and thread-safe.
 */
final class RateLimitHeaders {
  /** Above this a reset value is a Unix time, not a number of seconds. */
  private static final long EPOCH_THRESHOLD = 1_000_000_000L;

  /**
   * The longest {@code Retry-After} honoured: a larger value (a bug, a proxy's or a date far ahead)
   * would otherwise pause every account of the credential for as long as it says.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private RateLimitHeaders() {}

  /** {@code header} looks a header up by name, case-insensitively, null when absent. */
  static RateLimitInfo parse(Function<String, @Nullable String> header, Instant now) {
    Map<String, Long> current = parameters(header.apply("RateLimit"));
    Map<String, Long> policy = parameters(header.apply("RateLimit-Policy"));

    OptionalLong limit =
        first(
            number(header.apply("X-RateLimit-Limit")),
            number(header.apply("RateLimit-Limit")),
            get(current, "limit"),
            get(current, "q"),
            get(policy, "q"),
            get(policy, "limit"),
            get(policy, ""));
    OptionalLong remaining =
        first(
            number(header.apply("X-RateLimit-Remaining")),
            number(header.apply("RateLimit-Remaining")),
            get(current, "remaining"),
            get(current, "r"));
    OptionalLong reset =
        first(
            number(header.apply("X-RateLimit-Reset")),
            number(header.apply("RateLimit-Reset")),
            get(current, "reset"),
            get(current, "t"));
    return new RateLimitInfo(toInt(limit), toInt(remaining), resetDuration(reset, now));
  }

  /**
   * {@code Retry-After} as seconds or an HTTP date, at most {@link #MAX_RETRY_AFTER}; empty when
   * absent or unreadable.
   */
  static Optional<Duration> retryAfter(@Nullable String value, Instant now) {
    return uncappedRetryAfter(value, now).map(RateLimitHeaders::capped);
  }

  private static Optional<Duration> uncappedRetryAfter(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    OptionalLong seconds = number(value);
    if (seconds.isPresent()) {
      return Optional.of(Duration.ofSeconds(seconds.getAsLong()));
    }
    try {
      Instant at =
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(nonNegative(Duration.between(now, at)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration capped(Duration retryAfter) {
    return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
  }

  /**
   * Every {@code key=value} of a structured header, first occurrence wins, so with several policies
   * the first is used; a bare number is stored under the empty key.
   */
  private static Map<String, Long> parameters(@Nullable String value) {
    Map<String, Long> result = new HashMap<>();
    if (value == null) {
      return result;
    }
    for (String member : value.split(",")) {
      for (String part : member.split(";")) {
        int eq = part.indexOf('=');
        String key = eq < 0 ? "" : part.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
        String raw = eq < 0 ? part : part.substring(eq + 1);
        number(raw).ifPresent(n -> result.putIfAbsent(key, n));
      }
    }
    return result;
  }

  private static OptionalLong number(@Nullable String value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    String text = value.strip();
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      text = text.substring(1, text.length() - 1);
    }
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(text));
  }

  private static OptionalLong get(Map<String, Long> values, String key) {
    Long value = values.get(key);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private static OptionalLong first(OptionalLong... candidates) {
    for (OptionalLong candidate : candidates) {
      if (candidate.isPresent()) {
        return candidate;
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalInt toInt(OptionalLong value) {
    return value.isPresent()
        ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, value.getAsLong()))
        : OptionalInt.empty();
  }

  private static Optional<Duration> resetDuration(OptionalLong value, Instant now) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    long seconds = value.getAsLong();
    if (seconds > EPOCH_THRESHOLD) {
      return Optional.of(nonNegative(Duration.between(now, Instant.ofEpochSecond(seconds))));
    }
    return Optional.of(Duration.ofSeconds(seconds));
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
