package dev.streampoller.simulator.bench;

import dev.streampoller.polling.TokenBucket;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The baseline: poll the active videos cyclically, in order of arrival, as fast as the same token
 * bucket allows (on the same check-interval tick), with no notion of progress.
 */
final class RoundRobinReplay {
  private RoundRobinReplay() {}

  static ReplayLog run(List<SyntheticDownload> downloads, Workload.Polling polling) {
    VirtualTime time = new VirtualTime(polling.checkInterval());
    ReplayLog log = new ReplayLog(downloads);
    TokenBucket bucket = TokenBucket.forBudget(polling.requestsPer5Minutes(), VirtualTime.START);
    ArrayDeque<SyntheticDownload> cycle = new ArrayDeque<>();
    int next = 0;
    long now = 0;
    while (true) {
      while (next < downloads.size() && downloads.get(next).arrivesAtNanos() <= now) {
        cycle.addLast(downloads.get(next++));
      }
      while (!cycle.isEmpty() && bucket.whole(VirtualTime.instant(now)) >= 1) {
        bucket = bucket.take(1, VirtualTime.instant(now));
        SyntheticDownload download = cycle.pollFirst();
        if (!log.poll(download, now)) {
          cycle.addLast(download);
        }
      }
      long wake = Long.MAX_VALUE;
      if (next < downloads.size()) {
        wake = downloads.get(next).arrivesAtNanos();
      }
      if (!cycle.isEmpty()) {
        wake = Math.min(wake, time.tick(VirtualTime.nextToken(bucket, now)));
      }
      if (wake == Long.MAX_VALUE) {
        return log;
      }
      now = wake;
    }
  }
}
