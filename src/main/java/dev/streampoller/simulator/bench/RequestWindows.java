package dev.streampoller.simulator.bench;

import dev.streampoller.polling.TokenBucket;

/**
 * Counts requests in sliding 5-minute windows the way Cloudflare's limit sees them: a window starts
 * at every request and holds every request up to 5 minutes later, both ends included (the strictest
 * reading).
 *
 * @param worst the most requests in one window
 * @param overBudget how many windows held more than the budget
 */
record RequestWindows(int worst, long overBudget) {
  static final long WINDOW_NANOS = TokenBucket.WINDOW.toNanos();

  /** {@code times} in nanoseconds, in time order. */
  static RequestWindows of(long[] times, int budget) {
    int worst = 0;
    long over = 0;
    int end = 0;
    for (int start = 0; start < times.length; start++) {
      while (end < times.length && times[end] - times[start] <= WINDOW_NANOS) {
        end++;
      }
      int inside = end - start;
      worst = Math.max(worst, inside);
      if (inside > budget) {
        over++;
      }
    }
    return new RequestWindows(worst, over);
  }
}
