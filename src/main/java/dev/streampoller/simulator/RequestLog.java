package dev.streampoller.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every request the simulator received (including rejected and faulted ones), with the instant read
 * from the simulator's clock. Thread-safe; the server threads append while tests read.
 */
public final class RequestLog {

  /** One received request; account and video are null when the path has none. */
  public record Entry(
      Instant at, String method, String path, @Nullable String accountId, @Nullable String uid) {
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  synchronized void record(Entry entry) {
    entries.add(entry);
  }

  /** A copy of all entries in arrival order. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized int total() {
    return entries.size();
  }

  public synchronized int forAccount(String accountId) {
    return (int) entries.stream().filter(e -> accountId.equals(e.accountId())).count();
  }

  public synchronized int forVideo(String uid) {
    return (int) entries.stream().filter(e -> uid.equals(e.uid())).count();
  }

  /** The clock instants of all requests, in arrival order. */
  public synchronized List<Instant> requestTimes() {
    return entries.stream().map(Entry::at).toList();
  }

  /**
   * The largest number of requests whose instants fall within any half-open window {@code [t, t +
   * window)}, e.g. to prove a client stayed under 1,200 requests per 5 minutes.
   */
  public int maxRequestsInAnyWindow(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    List<Instant> times = new ArrayList<>(requestTimes());
    times.sort(null);
    int best = 0;
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      Instant limit = times.get(end).minus(window);
      while (!times.get(start).isAfter(limit)) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  public synchronized void reset() {
    entries.clear();
  }
}
