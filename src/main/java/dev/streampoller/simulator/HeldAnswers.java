package dev.streampoller.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Answers held back by a latency fault, per video, so that a new request for the same video can
 * first learn whether the held request's client is still there.
 *
 * <p>Why: the JDK server notices that a client gave up only when it writes to the connection. A
 * late answer writes nothing until its delay is over, so a client that timed out and closed its
 * connection long before would look, from the server's side, like a request still open, and a retry
 * of the same video like an overlapping poll. Probing on every new request for the video, and only
 * then, keeps the fault's timing intact for the client (nothing is written to a request that nobody
 * competes with) and makes the log truthful: the held thread writes the status line and headers; if
 * the client is gone the write fails and the request is logged as ended (client gone) before the
 * new request is logged as arrived; if the client is still there, both are open at once and the
 * overlap is real. Thread-safe.
 */
final class HeldAnswers {
  private final Map<String, Set<Held>> byVideo = new ConcurrentHashMap<>();

  /** Registers an answer about to be held back for {@code video}; close it once logged as ended. */
  Held hold(String video) {
    Held held = new Held(video);
    byVideo.computeIfAbsent(video, k -> ConcurrentHashMap.newKeySet()).add(held);
    return held;
  }

  /**
   * Asks every answer held for {@code video} to check its client, and waits until each has (or has
   * ended), at most {@code bound} each.
   */
  void probe(String video, Duration bound) {
    Set<Held> held = byVideo.get(video);
    if (held == null) {
      return;
    }
    for (Held h : Set.copyOf(held)) {
      if (!h.check(bound)) {
        return;
      }
    }
  }

  /** One held answer. The thread that holds it waits in {@link #awaitProbe}. */
  final class Held implements AutoCloseable {
    private final String video;
    private int asked;
    private int answered;
    private boolean closed;

    private Held(String video) {
      this.video = video;
    }

    /**
     * Waits until {@code deadlineNanos} ({@link System#nanoTime()}) or until a probe is asked.
     *
     * @return true when a probe is asked: write to the client, then call {@link #probed()}
     */
    synchronized boolean awaitProbe(long deadlineNanos) throws InterruptedException {
      while (asked == answered) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }

    /** The client took the write: it is still there. */
    synchronized void probed() {
      answered = asked;
      notifyAll();
    }

    /** False when interrupted. */
    private synchronized boolean check(Duration bound) {
      int ticket = ++asked;
      notifyAll();
      long end = System.nanoTime() + bound.toNanos();
      try {
        while (answered < ticket && !closed) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** The held request is over and logged as such. Idempotent. */
    @Override
    public void close() {
      byVideo.computeIfPresent(
          video,
          (k, set) -> {
            set.remove(this);
            return set.isEmpty() ? null : set;
          });
      synchronized (this) {
        closed = true;
        notifyAll();
      }
    }
  }
}
