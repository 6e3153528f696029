package dev.streampoller.config;

import java.time.Duration;

/**
 * How often videos are polled and how the poll job claims them: the {@code poll.*} keys; see {@link
 * ConfigKeys} and docs/configuration.md. {@code giveUpAfter} also ends a video that never got a
 * download.
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
