package dev.streampoller.cloudflare;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a response said about the caller's rate budget, from {@code X-RateLimit-*} or the IETF
 * {@code RateLimit} / {@code RateLimit-Policy} headers. Every part is optional: most responses
 * carry none of it.
 *
 * @param limit requests allowed in the window
 * @param remaining requests left in the window
 * @param reset time until the window resets
 */
public record RateLimitInfo(OptionalInt limit, OptionalInt remaining, Optional<Duration> reset) {
  private static final RateLimitInfo NONE =
      new RateLimitInfo(OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

  public RateLimitInfo {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(reset, "reset");
    if ((limit.isPresent() && limit.getAsInt() < 0)
        || (remaining.isPresent() && remaining.getAsInt() < 0)
        || reset.filter(Duration::isNegative).isPresent()) {
      throw new IllegalArgumentException("rate-limit values must not be negative");
    }
  }

  public static RateLimitInfo none() {
    return NONE;
  }

  public boolean isEmpty() {
    return limit.isEmpty() && remaining.isEmpty() && reset.isEmpty();
  }
}
