package dev.streampoller.config;

import java.time.Duration;

/**
 * How often videos are polled and how the poll job claims them.
 *
 * @param minInterval shortest gap between two polls of one video
 * @param maxInterval longest gap between two polls of one video
 * @param giveUpAfter a video none of whose downloads changed for this long (or that never got one)
 *     stops being polled (end reason {@code gave_up})
 * @param lease how long a claim on a video lasts; outlives one API request
 * @param batchSize videos claimed per poll-job run
 * @param checkInterval how often the poll job looks for due videos (inserts also wake it)
 */
public record PollConfig(
    Duration minInterval,
    Duration maxInterval,
    Duration giveUpAfter,
    Duration lease,
    int batchSize,
    Duration checkInterval) {
  /** Sub-second intervals are allowed so that tests and the demo run fast. */
  public static final Duration SMALLEST_MIN_INTERVAL = Duration.ofMillis(10);
}
