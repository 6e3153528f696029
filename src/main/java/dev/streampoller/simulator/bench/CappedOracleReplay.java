package dev.streampoller.simulator.bench;

import dev.streampoller.polling.Budget;
import dev.streampoller.polling.PollPolicy;
import dev.streampoller.polling.TokenBucket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * An oracle held to the daemon's age guarantee: it knows when each download ends, but claims as the
 * daemon's claim statement does, with perfect predictions: the oldest videos first as far as every
 * video needs them to be polled within {@link PollPolicy#ageCap} of its last poll (earliest
 * deadline first, {@link DeadlineSlack}, checked at least every {@code poll.check-interval}); then
 * downloads that have ended, the earliest end first (the policy's "due by rank" with every
 * prediction exact); then, work-conserving, the video polled longest ago, never twice within {@code
 * poll.min-interval}. So it keeps the policy's guarantee and shows what the guarantee costs apart
 * from what the predictions miss (docs/polling.md, "Is the gap the cap?").
 *
 * <p><b>Phased</b> ({@code phased = true}) adds the one freedom the order above leaves: a video's
 * first poll may be anywhere within its first cycle (every first-cycle deadline is the same), and
 * it decides the phase of every later poll the cap forces. The phased oracle takes first polls (as
 * tokens come, before other work-conserving polls) in the order of the moments from which the cap's
 * chain of forced polls would land on each download's end. The cap shrinks as downloads end, so the
 * chain is walked back from the end along the cap over time of the previous pass (the first pass
 * uses the capped oracle's); of {@link #PASSES} passes the one with the lowest median is kept (an
 * oracle may know its own future). Holding first polls back until those moments instead leaves
 * tokens unspent while every video waits, and then breaks the cycle bound on a contested workload
 * (CappedOracleReplayTest's), so it would not be held to the guarantee.
 *
 * <p>Heuristics, not proven optima: they bound what an order of polls can buy under the cap only as
 * far as they are good schedules. Single-threaded, deterministic.
 */
final class CappedOracleReplay {
  /** Phased passes after the capped one. */
  static final int PASSES = 10;

  private static final class Tracked {
    final SyntheticDownload download;
    long origin;

    /** When it last entered the queue, counted in events: ties of {@code origin} in that order. */
    long seq;

    long readyAt;
    boolean polled;

    Tracked(SyntheticDownload download) {
      this.download = download;
      this.origin = download.arrivesAtNanos();
    }
  }

  /** The cap over time as one pass saw it: {@code caps[i]} from {@code times[i]} on. */
  private record CapOverTime(long[] times, long[] caps) {
    long at(long nanos) {
      int i = Arrays.binarySearch(times, nanos);
      if (i < 0) {
        i = -i - 2;
      }
      return caps[Math.max(0, i)];
    }
  }

  private static final Comparator<Tracked> BY_ID = Comparator.comparingInt(t -> t.download.id());
  // Oldest poll (or track) first; a poll sharing its instant with tracks goes after them, as in
  // real time (PolicyReplay orders the same way).
  private static final Comparator<Tracked> BY_ORIGIN =
      Comparator.<Tracked>comparingLong(t -> t.origin).thenComparingLong(t -> t.seq);

  private final List<SyntheticDownload> downloads;
  private final Workload.Polling polling;
  private final CapOverTime previous;
  private final ReplayLog log;
  private final long minNanos;
  private final TreeSet<Tracked> byAge = new TreeSet<>(BY_ORIGIN);
  // Active videos not waiting for a moment in wanting: the work-conserving polls take these.
  private final TreeSet<Tracked> free = new TreeSet<>(BY_ORIGIN);
  // Phased: first polls not taken yet, in the order of the moments that would align them.
  private final TreeSet<Tracked> firsts =
      new TreeSet<>(Comparator.<Tracked>comparingLong(t -> t.readyAt).thenComparing(BY_ID));
  private final TreeSet<Tracked> wanting =
      new TreeSet<>(Comparator.<Tracked>comparingLong(t -> t.readyAt).thenComparing(BY_ID));
  private final List<long[]> seen = new ArrayList<>();
  private TokenBucket bucket;
  private final DeadlineSlack deadlines;
  private long cap;
  private long entries;

  private CappedOracleReplay(
      List<SyntheticDownload> downloads, Workload.Polling polling, CapOverTime previous) {
    this.downloads = downloads;
    this.polling = polling;
    this.previous = previous;
    this.log = new ReplayLog(downloads);
    this.minNanos = polling.minInterval().toNanos();
    this.bucket = TokenBucket.forBudget(polling.requestsPer5Minutes(), VirtualTime.START);
    this.deadlines = new DeadlineSlack(bucket.sustainedPerSecond());
  }

  static ReplayLog run(
      List<SyntheticDownload> downloads, Workload.Polling polling, boolean phased) {
    CappedOracleReplay capped = new CappedOracleReplay(downloads, polling, null);
    ReplayLog log = capped.run();
    if (!phased) {
      return log;
    }
    ReplayLog best = null;
    double bestP50 = Double.MAX_VALUE;
    CapOverTime caps = capped.capOverTime();
    for (int pass = 0; pass < PASSES; pass++) {
      CappedOracleReplay replay = new CappedOracleReplay(downloads, polling, caps);
      ReplayLog candidate = replay.run();
      double p50 =
          LatencyStats.of(downloads.stream().mapToDouble(candidate::latencySeconds).toArray())
              .p50();
      if (p50 < bestP50) {
        best = candidate;
        bestP50 = p50;
      }
      caps = replay.capOverTime();
    }
    return best;
  }

  private CapOverTime capOverTime() {
    long[] times = new long[seen.size()];
    long[] caps = new long[seen.size()];
    for (int i = 0; i < seen.size(); i++) {
      times[i] = seen.get(i)[0];
      caps[i] = seen.get(i)[1];
    }
    return new CapOverTime(times, caps);
  }

  private ReplayLog run() {
    int next = 0;
    long now = 0;
    while (true) {
      int first = next;
      while (next < downloads.size() && downloads.get(next).arrivesAtNanos() <= now) {
        next++;
      }
      // Counted once per round, as the daemon's claim statement counts the active videos.
      cap = cap(byAge.size() + next - first);
      if (seen.isEmpty() || seen.get(seen.size() - 1)[1] != cap) {
        seen.add(new long[] {now, cap});
      }
      for (int i = first; i < next; i++) {
        Tracked video = new Tracked(downloads.get(i));
        enter(video);
        plan(video);
      }
      claim(now);
      long wake = Long.MAX_VALUE;
      if (next < downloads.size()) {
        wake = downloads.get(next).arrivesAtNanos();
      }
      if (!byAge.isEmpty()) {
        // Whether the deadlines force a poll before then is checked at least every tick.
        long nextCheck = Math.max(now + polling.checkInterval().toNanos(), now + 1);
        long readyAt = wanting.isEmpty() ? Long.MAX_VALUE : Math.max(wanting.first().readyAt, now);
        long freeAt =
            free.isEmpty() ? Long.MAX_VALUE : Math.max(free.first().origin + minNanos, now);
        long due = Math.min(nextCheck, Math.min(readyAt, freeAt));
        if (!firsts.isEmpty()) {
          due = now;
        }
        wake = Math.min(wake, Math.max(due, VirtualTime.nextToken(bucket, now)));
      }
      if (wake == Long.MAX_VALUE) {
        return log;
      }
      now = wake;
    }
  }

  private long cap(int active) {
    if (Double.isInfinite(polling.ageCapFactor())) {
      return Long.MAX_VALUE / 4;
    }
    return PollPolicy.ageCap(
            new Budget(bucket.sustainedPerSecond(), active),
            polling.minInterval(),
            polling.checkInterval(),
            polling.ageCapFactor())
        .toNanos();
  }

  private void enter(Tracked video) {
    video.seq = entries++;
    byAge.add(video);
    deadlines.add(video.download.id(), video.origin / 1e9);
  }

  /** When {@code video}, last polled at its origin, next wants a poll, if before the cap. */
  private void plan(Tracked video) {
    long end = video.download.endsAtNanos();
    long deadline = video.origin + cap;
    long want;
    if (end <= deadline) {
      want = end;
    } else if (previous != null && video.origin == video.download.arrivesAtNanos()) {
      // Not held back (that would leave tokens unspent and break the cap later): first polls are
      // taken in the order of the moments that align them, as tokens come.
      video.readyAt = Math.max(video.origin, Math.min(deadline, backFromEnd(end, deadline)));
      firsts.add(video);
      return;
    } else {
      free.add(video); // polled when the cap forces it, or to spend a token nothing else wants
      return;
    }
    video.readyAt = Math.max(want, video.origin + minNanos);
    wanting.add(video);
  }

  /**
   * Walks back from {@code end} along the previous pass's cap until within {@code deadline}: a
   * first poll there is followed by forced polls that land on the end.
   */
  private long backFromEnd(long end, long deadline) {
    long at = end;
    while (at > deadline) {
      long step = previous.at(at - previous.at(at));
      if (step >= Long.MAX_VALUE / 8) {
        return deadline;
      }
      at -= step;
    }
    return at;
  }

  private void claim(long now) {
    int whole = bucket.whole(VirtualTime.instant(now));
    if (whole < 1) {
      return;
    }
    // The tokens the oldest videos must have now so that every one is polled within the cap.
    int forced = whole - deadlines.freeTokens(now / 1e9, cap / 1e9, whole);
    while (!byAge.isEmpty() && bucket.whole(VirtualTime.instant(now)) >= 1) {
      Tracked oldest = byAge.first();
      Tracked video;
      if (forced > 0 && (!oldest.polled || oldest.origin + minNanos <= now)) {
        video = oldest;
        forced--;
      } else if (!wanting.isEmpty() && wanting.first().readyAt <= now) {
        video = wanting.first();
      } else if (!firsts.isEmpty()) {
        video = firsts.first();
      } else if (!free.isEmpty() && free.first().origin + minNanos <= now) {
        video = free.first(); // work conservation, as the daemon's claim
      } else {
        return;
      }
      bucket = bucket.take(1, VirtualTime.instant(now));
      byAge.remove(video);
      deadlines.remove(video.download.id());
      wanting.remove(video);
      free.remove(video);
      firsts.remove(video);
      video.polled = true;
      if (!log.poll(video.download, now)) {
        video.origin = now;
        enter(video);
        plan(video);
      }
    }
  }
}
