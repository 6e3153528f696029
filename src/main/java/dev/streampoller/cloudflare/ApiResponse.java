package dev.streampoller.cloudflare;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A raw HTTP answer, already read (and bounded), before classification. */
record ApiResponse(
    int status,
    @Nullable String contentType,
    String body,
    RateLimitInfo rateLimit,
    Optional<Duration> retryAfter) {

  ApiResponse {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }
}
