package dev.streampoller.simulator.bench;

import dev.streampoller.polling.TokenBucket;
import java.time.Duration;
import java.time.Instant;

/**
 * The replay's clock arithmetic: nanoseconds since a fixed start, the daemon's check-interval tick,
 * and when the token bucket next holds a whole token.
 */
final class VirtualTime {
  /** Any fixed instant will do; a fixed one keeps every run identical. */
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final long tickNanos;

  VirtualTime(Duration checkInterval) {
    this.tickNanos = checkInterval.toNanos();
  }

  static Instant instant(long nanos) {
    return START.plusNanos(nanos);
  }

  static long nanos(Instant instant) {
    return Duration.between(START, instant).toNanos();
  }

  /** The first check tick at or after {@code nanos} (itself with a zero check interval). */
  long tick(long nanos) {
    if (tickNanos == 0) {
      return nanos;
    }
    return Math.floorDiv(nanos + tickNanos - 1, tickNanos) * tickNanos;
  }

  /** The first moment after {@code now} at which {@code bucket} holds a whole token. */
  static long nextToken(TokenBucket bucket, long now) {
    double missing = Math.max(0, 1 - bucket.available(instant(now)));
    long at = now + Math.max(1, (long) Math.ceil(missing / bucket.refillPerSecond() * 1e9));
    while (bucket.whole(instant(at)) < 1) {
      at += 1_000; // floating-point shortfall: a microsecond more always suffices
    }
    return at;
  }
}
