package dev.streampoller.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every request the simulator received (including rejected and faulted ones), with the instants
 * read from the simulator's clock when it arrived and when its answer ended. Thread-safe; the
 * server threads append while tests read.
 */
public final class RequestLog {

  /** How a request's answer ended, as far as the simulator can tell. */
  public enum Ending {
    /** Still being answered. */
    OPEN("open"),
    /** The whole answer was written. */
    ANSWERED("answered"),
    /** A fault broke the answer off on purpose (a reset or truncated body). */
    DROPPED("dropped by the fault"),
    /**
     * A write found the client's connection closed: the client gave up at or before {@code
     * endedAt}, which is when the simulator noticed (the JDK server sees a closed connection only
     * when it writes to it).
     */
    CLIENT_GONE("client gone");

    private final String description;

    Ending(String description) {
      this.description = description;
    }

    /** For failure messages, e.g. {@code client gone}. */
    public String description() {
      return description;
    }
  }

  /**
   * One received request; account and video are null when the path has none.
   *
   * @param at when the request arrived
   * @param endedAt when its answer was complete or broken off (the client went away, a fault
   *     dropped the connection); null while it is still being answered
   * @param bodyBytes body bytes the simulator wrote (for a broken answer, up to the break)
   * @param ending how it ended; {@link Ending#OPEN} exactly when {@code endedAt} is null
   */
  public record Entry(
      Instant at,
      String method,
      String path,
      @Nullable String accountId,
      @Nullable String uid,
      @Nullable Instant endedAt,
      long bodyBytes,
      Ending ending) {
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(ending, "ending");
      if (endedAt != null && endedAt.isBefore(at)) {
        throw new IllegalArgumentException("endedAt " + endedAt + " is before at " + at);
      }
      if ((endedAt == null) != (ending == Ending.OPEN)) {
        throw new IllegalArgumentException("ending " + ending + " with endedAt " + endedAt);
      }
    }

    /** A request answered in full at {@code endedAt}, or still open when that is null. */
    public Entry(
        Instant at,
        String method,
        String path,
        @Nullable String accountId,
        @Nullable String uid,
        @Nullable Instant endedAt,
        long bodyBytes) {
      this(
          at,
          method,
          path,
          accountId,
          uid,
          endedAt,
          bodyBytes,
          endedAt == null ? Ending.OPEN : Ending.ANSWERED);
    }

    /** A request still being answered. */
    public Entry(
        Instant at, String method, String path, @Nullable String accountId, @Nullable String uid) {
      this(at, method, path, accountId, uid, null, 0, Ending.OPEN);
    }

    /** Whether the two requests were open at the same time (an open one runs until now). */
    public boolean overlaps(Entry other) {
      return at.isBefore(end(other)) && other.at.isBefore(end(this));
    }

    private static Instant end(Entry e) {
      return e.endedAt == null ? Instant.MAX : e.endedAt;
    }
  }

  /** Two requests for one video that were open at the same time. */
  public record Overlap(Entry first, Entry second) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Appends an arriving request. */
  synchronized void record(Entry entry) {
    entries.add(entry);
  }

  /**
   * Marks {@code started} (the very instance given to {@link #record}) as answered in full; ignored
   * if the log was reset meanwhile.
   */
  synchronized void finish(Entry started, Instant endedAt, long bodyBytes) {
    finish(started, endedAt, bodyBytes, Ending.ANSWERED);
  }

  /** As above, ended as {@code ending} (not {@link Ending#OPEN}). */
  synchronized void finish(Entry started, Instant endedAt, long bodyBytes, Ending ending) {
    if (ending == Ending.OPEN) {
      throw new IllegalArgumentException("a finished request cannot be open");
    }
    // Newest first: the request being finished is almost always near the end.
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i) == started) {
        Instant end = endedAt.isBefore(started.at()) ? started.at() : endedAt;
        entries.set(
            i,
            new Entry(
                started.at(),
                started.method(),
                started.path(),
                started.accountId(),
                started.uid(),
                end,
                bodyBytes,
                ending));
        return;
      }
    }
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

  /**
   * Every pair of requests for the same video whose time spans overlap, in arrival order: a poller
   * that never polls one video twice at once has none.
   */
  public synchronized List<Overlap> overlaps() {
    Map<List<String>, List<Entry>> byVideo = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.uid() != null) {
        byVideo
            .computeIfAbsent(Arrays.asList(e.accountId(), e.uid()), k -> new ArrayList<>())
            .add(e);
      }
    }
    List<Overlap> found = new ArrayList<>();
    for (List<Entry> requests : byVideo.values()) {
      for (int i = 0; i < requests.size(); i++) {
        for (int j = i + 1; j < requests.size(); j++) {
          if (requests.get(i).overlaps(requests.get(j))) {
            found.add(new Overlap(requests.get(i), requests.get(j)));
          }
        }
      }
    }
    return found;
  }

  public synchronized void reset() {
    entries.clear();
  }
}
