package dev.streampoller.simulator.bench;

import dev.streampoller.polling.TokenBucket;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The lower bound: knows when each download ends and polls it exactly then, once, earliest end
 * first when the same token bucket is short. No check-interval tick: it is the best any poller can
 * do within the budget.
 */
final class OracleReplay {
  private OracleReplay() {}

  static ReplayLog run(List<SyntheticDownload> downloads, Workload.Polling polling) {
    ReplayLog log = new ReplayLog(downloads);
    TokenBucket bucket = TokenBucket.forBudget(polling.requestsPer5Minutes(), VirtualTime.START);
    Comparator<SyntheticDownload> byEnd =
        Comparator.comparingLong(SyntheticDownload::endsAtNanos)
            .thenComparingInt(SyntheticDownload::id);
    PriorityQueue<SyntheticDownload> pending = new PriorityQueue<>(byEnd);
    pending.addAll(downloads);
    PriorityQueue<SyntheticDownload> ended = new PriorityQueue<>(byEnd);
    long now = 0;
    while (true) {
      while (!pending.isEmpty() && pending.peek().endsAtNanos() <= now) {
        ended.add(pending.poll());
      }
      while (!ended.isEmpty() && bucket.whole(VirtualTime.instant(now)) >= 1) {
        bucket = bucket.take(1, VirtualTime.instant(now));
        log.poll(ended.poll(), now);
      }
      long wake = Long.MAX_VALUE;
      if (!pending.isEmpty()) {
        wake = pending.peek().endsAtNanos();
      }
      if (!ended.isEmpty()) {
        wake = Math.min(wake, VirtualTime.nextToken(bucket, now));
      }
      if (wake == Long.MAX_VALUE) {
        return log;
      }
      now = wake;
    }
  }
}
