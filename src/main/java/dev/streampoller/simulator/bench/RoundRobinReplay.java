package dev.streampoller.simulator.bench;

import dev.streampoller.polling.TokenBucket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The baseline: poll the active videos cyclically, in order of arrival, as fast as the same token
 * bucket allows (waking when the next token comes, as the policy's loop does), with no notion of
 * progress. Like the daemon it polls no video again within {@code poll.min-interval}: a cron loop a
 * user could run within the same bounds (when few videos are active, the cycle waits for the
 * minimum interval instead of polling the same video several times a second).
 */
final class RoundRobinReplay {
  private RoundRobinReplay() {}

  static ReplayLog run(List<SyntheticDownload> downloads, Workload.Polling polling) {
    ReplayLog log = new ReplayLog(downloads);
    TokenBucket bucket = TokenBucket.forBudget(polling.requestsPer5Minutes(), VirtualTime.START);
    long min = polling.minInterval().toNanos();
    long[] lastPoll = new long[downloads.size()];
    Arrays.fill(lastPoll, Long.MIN_VALUE / 2);
    ArrayDeque<SyntheticDownload> cycle = new ArrayDeque<>();
    int next = 0;
    long now = 0;
    while (true) {
      while (next < downloads.size() && downloads.get(next).arrivesAtNanos() <= now) {
        cycle.addLast(downloads.get(next++));
      }
      while (!cycle.isEmpty()
          && lastPoll[cycle.peekFirst().id()] + min <= now
          && bucket.whole(VirtualTime.instant(now)) >= 1) {
        bucket = bucket.take(1, VirtualTime.instant(now));
        SyntheticDownload download = cycle.pollFirst();
        lastPoll[download.id()] = now;
        if (!log.poll(download, now)) {
          cycle.addLast(download);
        }
      }
      long wake = Long.MAX_VALUE;
      if (next < downloads.size()) {
        wake = downloads.get(next).arrivesAtNanos();
      }
      if (!cycle.isEmpty()) {
        long ready = Math.max(lastPoll[cycle.peekFirst().id()] + min, now + 1);
        wake = Math.min(wake, Math.max(ready, VirtualTime.nextToken(bucket, now)));
      }
      if (wake == Long.MAX_VALUE) {
        return log;
      }
      now = wake;
    }
  }
}
