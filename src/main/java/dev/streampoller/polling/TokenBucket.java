package dev.streampoller.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The request budget of one Cloudflare credential as a token bucket. Pure value; the database keeps
 * the shared copy ({@code request_budget}) and the benchmark replays the same arithmetic.
 *
 * <p>Cloudflare counts requests per user over 5 minutes. A bucket of {@code capacity} refilled at
 * {@code refillPerSecond} lets at most {@code capacity + refillPerSecond * 300} requests through in
 * any 5-minute window, so {@link #forBudget} sizes both to make that sum the budget exactly.
 */
public record TokenBucket(
    double capacity, double refillPerSecond, double tokens, Instant updatedAt) {

  public static final Duration WINDOW = Duration.ofMinutes(5);

  /** At most this share of the budget may be spent in one burst. */
  static final int BURST_DIVISOR = 30;

  /** The most tokens a burst may use, whatever the budget. */
  static final double MAX_BURST = 30;

  public TokenBucket {
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!(capacity >= 1) || !(refillPerSecond > 0) || !(tokens >= 0 && tokens <= capacity)) {
      throw new IllegalArgumentException(
          "need capacity >= 1, refill > 0, 0 <= tokens <= capacity; was "
              + capacity
              + ", "
              + refillPerSecond
              + ", "
              + tokens);
    }
  }

  /** A full bucket for a budget of {@code requestsPerFiveMinutes} (at least 2). */
  public static TokenBucket forBudget(int requestsPerFiveMinutes, Instant now) {
    if (requestsPerFiveMinutes < 2) {
      throw new IllegalArgumentException("a budget needs at least 2 requests per 5 minutes");
    }
    double capacity =
        Math.max(
            1, Math.min(MAX_BURST, Math.floor(requestsPerFiveMinutes / (double) BURST_DIVISOR)));
    double refill = (requestsPerFiveMinutes - capacity) / WINDOW.toSeconds();
    return new TokenBucket(capacity, refill, capacity, now);
  }

  /** Tokens available at {@code now} (time never runs backwards for the bucket). */
  public double available(Instant now) {
    double elapsed = Math.max(0, Duration.between(updatedAt, now).toNanos() / 1e9);
    return Math.min(capacity, tokens + elapsed * refillPerSecond);
  }

  /** The bucket after taking {@code count} whole tokens at {@code now}. */
  public TokenBucket take(int count, Instant now) {
    double left = available(now) - count;
    if (count < 0 || left < -1e-9) {
      throw new IllegalArgumentException("cannot take " + count + " of " + available(now));
    }
    return new TokenBucket(capacity, refillPerSecond, Math.max(0, left), latest(now));
  }

  /** How many whole tokens may be taken at {@code now}. */
  public int whole(Instant now) {
    return (int) Math.floor(available(now) + 1e-9);
  }

  /** The bucket with at most {@code maxTokens} left, e.g. when the API says fewer remain. */
  public TokenBucket capTo(double maxTokens, Instant now) {
    double left = Math.max(0, Math.min(available(now), maxTokens));
    return new TokenBucket(capacity, refillPerSecond, left, latest(now));
  }

  /**
   * The bucket empty and not refilling before {@code until}: after a 429, or when the API says its
   * own window has no room left until then.
   */
  public TokenBucket emptyUntil(double tokensNow, Instant until) {
    return new TokenBucket(
        capacity,
        refillPerSecond,
        Math.max(0, Math.min(capacity, tokensNow)),
        until.isAfter(updatedAt) ? until : updatedAt);
  }

  /** Seconds until a whole token is available at {@code now}. */
  public double secondsToNextToken(Instant now) {
    double missing = 1 - available(now);
    double frozen = Math.max(0, Duration.between(now, updatedAt).toNanos() / 1e9);
    return missing <= 0 ? 0 : frozen + missing / refillPerSecond;
  }

  /** The requests per second it sustains. */
  public double sustainedPerSecond() {
    return refillPerSecond;
  }

  private Instant latest(Instant now) {
    return now.isAfter(updatedAt) ? now : updatedAt;
  }
}
