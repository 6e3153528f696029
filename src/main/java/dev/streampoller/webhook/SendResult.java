package dev.streampoller.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of one webhook attempt. Never carries a secret.
 *
 * @param success true only when the receiver answered 2xx
 * @param httpStatus the status the receiver answered, empty when no response came (timeout,
 *     connection refused, TLS failure)
 * @param error empty on success; otherwise a short text for {@code webhook_delivery.last_error}:
 *     the status and the start of the body, or the exception's class and message
 * @param retryAfter the receiver's {@code Retry-After} on a 429 or 503, if it sent a usable one
 * @param elapsed how long the attempt took
 */
public record SendResult(
    boolean success,
    OptionalInt httpStatus,
    Optional<String> error,
    Optional<Duration> retryAfter,
    Duration elapsed) {
  /** The longest error text kept, so a chatty receiver cannot bloat the outbox. */
  public static final int MAX_ERROR_LENGTH = 300;

  public SendResult {
    Objects.requireNonNull(httpStatus, "httpStatus");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(elapsed, "elapsed");
    if (success == error.isPresent()) {
      throw new IllegalArgumentException("a result has an error exactly when it failed");
    }
    if (success && (httpStatus.isEmpty() || httpStatus.getAsInt() / 100 != 2)) {
      throw new IllegalArgumentException("only a 2xx status is a success, was " + httpStatus);
    }
    error = error.map(e -> e.length() <= MAX_ERROR_LENGTH ? e : e.substring(0, MAX_ERROR_LENGTH));
  }

  static SendResult delivered(int status, Duration elapsed) {
    return new SendResult(
        true, OptionalInt.of(status), Optional.empty(), Optional.empty(), elapsed);
  }

  static SendResult rejected(
      int status, String error, Optional<Duration> retryAfter, Duration elapsed) {
    return new SendResult(false, OptionalInt.of(status), Optional.of(error), retryAfter, elapsed);
  }

  static SendResult failed(String error, Duration elapsed) {
    return new SendResult(
        false, OptionalInt.empty(), Optional.of(error), Optional.empty(), elapsed);
  }
}
