package dev.streampoller.config;

import java.time.Duration;

/** The {@code poll.*} keys; {@code giveUpAfter} also ends a video that never got a download. */
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
