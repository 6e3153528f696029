package dev.streampoller.simulator.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The age guarantee as an earliest-deadline-first check, for the replay: every active video must be
 * polled within the cap of its last poll (or track), its <em>deadline</em>; tokens come at a rate
 * {@code r}. Serving videos oldest first, the {@code k}-th oldest is reached {@code (k - w) / r}
 * after now with {@code w} whole tokens in hand, so {@code j} tokens may go elsewhere first only if
 * {@code j <= (deadline_k - now) r - k + w} for every {@code k}. {@link #freeTokens} is that bound;
 * the rest of a round's tokens go to the oldest ({@code TrackedVideoRepository.CLAIM_DUE} computes
 * the same with a window function). The tokens in hand count as if they had come at the rate, so a
 * video already past its deadline leaves none free: the queue catches up first. Conservative: a
 * token spent on a video of the queue also takes that video out of it, which the bound does not
 * count.
 *
 * <p>Videos are kept in order of their origin, which only grows: a video enters at the end (tracked
 * or polled now) and leaves from anywhere. A segment tree over entry slots keeps {@code origin r -
 * k} with lazy range additions (a leaving video moves every later one up a rank), so each change
 * and the minimum cost O(log n).
 */
final class DeadlineSlack {
  private final double rate;
  private final Map<Integer, Integer> slots = new HashMap<>();
  private double[] min;
  private double[] lazy;
  private int[] ids;
  private double[] origins;
  private int capacity;
  private int next;

  DeadlineSlack(double ratePerSecond) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
    }
    this.rate = ratePerSecond;
    allocate(1024);
  }

  private void allocate(int size) {
    capacity = size;
    min = new double[2 * size];
    lazy = new double[2 * size];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    ids = new int[size];
    origins = new double[size];
    next = 0;
  }

  /** Adds video {@code id}, last polled (or tracked) at {@code originSeconds}: the latest yet. */
  void add(int id, double originSeconds) {
    if (slots.containsKey(id)) {
      throw new IllegalStateException("video " + id + " is in already");
    }
    if (next > 0 && originSeconds < lastOrigin()) {
      throw new IllegalArgumentException("origins must not go back in time");
    }
    if (next == capacity) {
      rebuild();
    }
    int slot = next++;
    ids[slot] = id;
    origins[slot] = originSeconds;
    slots.put(id, slot);
    set(slot, originSeconds * rate - slots.size());
  }

  private double lastOrigin() {
    return origins[next - 1];
  }

  /** Removes video {@code id}; every video after it moves up one rank. */
  void remove(int id) {
    Integer slot = slots.remove(id);
    if (slot == null) {
      throw new IllegalStateException("video " + id + " is not in");
    }
    set(slot, Double.POSITIVE_INFINITY);
    add(slot + 1, next - 1, 1);
  }

  int size() {
    return slots.size();
  }

  /**
   * How many of {@code wholeTokens} may go to other videos than the oldest now without any video in
   * passing {@code originSeconds + capSeconds} (0 to {@code wholeTokens}).
   */
  int freeTokens(double nowSeconds, double capSeconds, int wholeTokens) {
    double bound = min[1] + (capSeconds - nowSeconds) * rate + wholeTokens;
    if (!(bound < wholeTokens)) {
      return wholeTokens;
    }
    return (int) Math.max(0, Math.floor(bound));
  }

  // Slots of videos no longer in are reused by packing the rest into a fresh tree.
  private void rebuild() {
    int[] oldIds = ids;
    double[] oldOrigins = origins;
    int used = next;
    allocate(Math.max(1024, Integer.highestOneBit(Math.max(1, slots.size())) * 4));
    Map<Integer, Integer> live = new HashMap<>(slots);
    slots.clear();
    for (int i = 0; i < used; i++) {
      Integer slot = live.get(oldIds[i]);
      if (slot != null && slot == i) {
        add(oldIds[i], oldOrigins[i]);
      }
    }
  }

  private void set(int slot, double value) {
    set(1, 0, capacity - 1, slot, value);
  }

  private void set(int node, int lo, int hi, int slot, double value) {
    if (lo == hi) {
      min[node] = value;
      lazy[node] = 0;
      return;
    }
    push(node);
    int mid = (lo + hi) >>> 1;
    if (slot <= mid) {
      set(2 * node, lo, mid, slot, value);
    } else {
      set(2 * node + 1, mid + 1, hi, slot, value);
    }
    min[node] = Math.min(min[2 * node], min[2 * node + 1]);
  }

  private void add(int from, int to, double delta) {
    if (from <= to) {
      add(1, 0, capacity - 1, from, to, delta);
    }
  }

  private void add(int node, int lo, int hi, int from, int to, double delta) {
    if (to < lo || hi < from) {
      return;
    }
    if (from <= lo && hi <= to) {
      apply(node, delta);
      return;
    }
    push(node);
    int mid = (lo + hi) >>> 1;
    add(2 * node, lo, mid, from, to, delta);
    add(2 * node + 1, mid + 1, hi, from, to, delta);
    min[node] = Math.min(min[2 * node], min[2 * node + 1]);
  }

  private void apply(int node, double delta) {
    min[node] += delta;
    lazy[node] += delta;
  }

  private void push(int node) {
    if (lazy[node] != 0) {
      apply(2 * node, lazy[node]);
      apply(2 * node + 1, lazy[node]);
      lazy[node] = 0;
    }
  }
}
