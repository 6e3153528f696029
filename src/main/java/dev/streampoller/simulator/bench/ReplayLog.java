package dev.streampoller.simulator.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What one strategy did in a replay: every request's time, and per download its first poll and the
 * poll that saw it end. Times in nanoseconds since the start. Not thread-safe.
 */
final class ReplayLog {
  private final List<SyntheticDownload> downloads;
  private long[] requests = new long[1024];
  private int count;
  private final long[] firstPoll;
  private final long[] detectedAt;
  private final long[] lastPoll;
  private final long[] longestGap;
  private int detected;

  ReplayLog(List<SyntheticDownload> downloads) {
    this.downloads = downloads;
    this.firstPoll = new long[downloads.size()];
    this.detectedAt = new long[downloads.size()];
    Arrays.fill(firstPoll, -1);
    Arrays.fill(detectedAt, -1);
    this.lastPoll = new long[downloads.size()];
    this.longestGap = new long[downloads.size()];
  }

  /** Records a poll of {@code download} at {@code now}; returns whether it saw the end. */
  boolean poll(SyntheticDownload download, long now) {
    if (count > 0 && now < requests[count - 1]) {
      throw new IllegalStateException("requests must be recorded in time order");
    }
    if (detectedAt[download.id()] >= 0) {
      throw new IllegalStateException("download " + download.id() + " polled after its end");
    }
    if (count == requests.length) {
      requests = Arrays.copyOf(requests, count * 2);
    }
    requests[count++] = now;
    int id = download.id();
    long since = firstPoll[id] < 0 ? download.arrivesAtNanos() : lastPoll[id];
    longestGap[id] = Math.max(longestGap[id], now - since);
    lastPoll[id] = now;
    if (firstPoll[download.id()] < 0) {
      firstPoll[download.id()] = now;
    }
    if (download.isTerminalAt(now)) {
      detectedAt[download.id()] = now;
      detected++;
      return true;
    }
    return false;
  }

  /** The longest {@code download} went unpolled while active (its arrival counts as a poll). */
  double longestGapSeconds(SyntheticDownload download) {
    return longestGap[download.id()] / 1e9;
  }

  boolean allDetected() {
    return detected == downloads.size();
  }

  long[] requestTimes() {
    return Arrays.copyOf(requests, count);
  }

  /** Seconds from the end of {@code download} to the poll that saw it. */
  double latencySeconds(SyntheticDownload download) {
    long at = detectedAt[download.id()];
    if (at < 0) {
      throw new IllegalStateException("download " + download.id() + " was never seen to end");
    }
    return (at - download.endsAtNanos()) / 1e9;
  }

  /** Seconds from the arrival of {@code download} to its first poll. */
  double firstPollSeconds(SyntheticDownload download) {
    return (firstPoll[download.id()] - download.arrivesAtNanos()) / 1e9;
  }
}
