package dev.streampoller.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * When to try a webhook delivery again: the configured delays between attempts ({@code
 * webhook.retry-schedule}), each jittered by up to ±10% so that deliveries that failed together do
 * not all retry in the same instant. A schedule of n delays allows n + 1 attempts in total.
 *
 * <p>A pure function of its arguments and the jitter source; immutable and thread-safe if the
 * jitter source is. Nothing here sleeps: callers store the resulting time as {@code
 * next_attempt_at}.
 */
public final class RetrySchedule {
  /** The largest fraction by which a delay is lengthened or shortened. */
  public static final double JITTER = 0.10;

  /** Longer delays are surely a configuration mistake (and would overflow nanoseconds). */
  public static final Duration MAX_DELAY = Duration.ofDays(365);

  private final List<Duration> delays;
  private final DoubleSupplier jitter;

  /**
   * @param delays the delay after the first failed attempt, after the second, and so on; each
   *     positive and at most {@link #MAX_DELAY}
   * @param jitter uniform random numbers in [0, 1]; 0.5 means no jitter, 0 the shortest delay
   * @throws IllegalArgumentException naming the first invalid delay
   */
  public RetrySchedule(List<Duration> delays, DoubleSupplier jitter) {
    Objects.requireNonNull(delays, "delays");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("a retry schedule needs at least one delay");
    }
    for (int i = 0; i < delays.size(); i++) {
      Duration d = Objects.requireNonNull(delays.get(i), "delay");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "retry delay #" + (i + 1) + " must be positive, was " + d);
      }
      if (d.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException(
            "retry delay #" + (i + 1) + " must be at most " + MAX_DELAY + ", was " + d);
      }
    }
    this.delays = List.copyOf(delays);
  }

  /** A schedule jittered by {@link ThreadLocalRandom}. */
  public static RetrySchedule withRandomJitter(List<Duration> delays) {
    return new RetrySchedule(delays, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * The delay before the next attempt.
   *
   * @param attemptsMade how many attempts have been made and failed so far, at least 1
   * @return the jittered delay (never negative), or empty when all {@link #maxAttempts()} attempts
   *     have been made
   */
  public Optional<Duration> delayAfterAttempt(int attemptsMade) {
    if (attemptsMade < 1) {
      throw new IllegalArgumentException("attemptsMade must be at least 1, was " + attemptsMade);
    }
    if (attemptsMade > delays.size()) {
      return Optional.empty();
    }
    double u = jitter.getAsDouble();
    if (!(u >= 0.0 && u <= 1.0)) {
      throw new IllegalStateException("jitter source must return values in [0, 1], was " + u);
    }
    double factor = 1.0 + JITTER * (2.0 * u - 1.0);
    long nanos = Math.round(delays.get(attemptsMade - 1).toNanos() * factor);
    return Optional.of(Duration.ofNanos(Math.max(0, nanos)));
  }

  /** Attempts in total, the first one included: the number of delays plus one. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /** The configured delays, without jitter. */
  public List<Duration> delays() {
    return delays;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RetrySchedule other && other.delays.equals(delays);
  }

  @Override
  public int hashCode() {
    return delays.hashCode();
  }

  @Override
  public String toString() {
    return "RetrySchedule" + delays + " ±" + Math.round(JITTER * 100) + "%";
  }
}
