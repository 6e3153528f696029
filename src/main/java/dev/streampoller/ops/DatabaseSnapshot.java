package dev.streampoller.ops;

import java.util.Map;
import java.util.Objects;

/**
 * What the database-derived gauges show, read in one query at one instant.
 *
 * @param videosByState tracked videos per {@link MetricNames#VIDEO_STATES} entry (absent = 0)
 * @param pending deliveries in state {@code pending}
 * @param oldestPendingAgeSeconds age of the oldest pending delivery; 0 when none is pending
 * @param dead deliveries in state {@code dead}
 * @param budgets per credential id, its bucket as it stands at the snapshot's instant
 */
record DatabaseSnapshot(
    Map<String, Long> videosByState,
    long pending,
    double oldestPendingAgeSeconds,
    long dead,
    Map<String, Budget> budgets) {

  /** One token bucket: tokens available now (refilled, capped) and its capacity. */
  record Budget(double tokens, double capacity) {}

  DatabaseSnapshot {
    videosByState = Map.copyOf(Objects.requireNonNull(videosByState, "videosByState"));
    budgets = Map.copyOf(Objects.requireNonNull(budgets, "budgets"));
  }

  long videos(String state) {
    return videosByState.getOrDefault(state, 0L);
  }
}
