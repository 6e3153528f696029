package dev.streampoller.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Cloudflare's per-user budget: a sliding five-minute window of accepted requests per credential.
 * Rejected requests are not counted, so a client that waits out {@code Retry-After} gets through.
 */
final class RateLimiter {

  static final Duration WINDOW = Duration.ofMinutes(5);

  /** The verdict for one request; {@code retryAfterSeconds} only matters when not allowed. */
  record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds) {}

  private final int limit;
  private final boolean enforced;
  private final Map<String, Deque<Instant>> windows = new HashMap<>();

  RateLimiter(int limitPerWindow) {
    this.enforced = limitPerWindow > 0;
    this.limit = enforced ? limitPerWindow : SimulatorOptions.CLOUDFLARE_LIMIT_PER_FIVE_MINUTES;
  }

  synchronized Decision acquire(String credentialId, Instant now) {
    Deque<Instant> window = windows.computeIfAbsent(credentialId, id -> new ArrayDeque<>());
    Instant cutoff = now.minus(WINDOW);
    while (!window.isEmpty() && !window.peekFirst().isAfter(cutoff)) {
      window.removeFirst();
    }
    if (enforced && window.size() >= limit) {
      Duration wait = Duration.between(now, window.peekFirst().plus(WINDOW));
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      return new Decision(false, limit, 0, seconds);
    }
    window.addLast(now);
    return new Decision(true, limit, Math.max(0, limit - window.size()), 0);
  }

  synchronized void reset() {
    windows.clear();
  }
}
