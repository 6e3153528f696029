package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.POLL_BATCH_SIZE;
import static dev.streampoller.config.ConfigKeys.POLL_CHECK_INTERVAL;
import static dev.streampoller.config.ConfigKeys.POLL_GIVE_UP_AFTER;
import static dev.streampoller.config.ConfigKeys.POLL_LEASE;
import static dev.streampoller.config.ConfigKeys.POLL_MAX_INTERVAL;
import static dev.streampoller.config.ConfigKeys.POLL_MIN_INTERVAL;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How often videos are polled and how the poll job claims them.
 *
 * @param minInterval shortest gap between two polls of one video
 * @param maxInterval longest gap between two polls of one video
 * @param giveUpAfter a video none of whose downloads changed for this long (or that never got one)
 *     stops being polled (end reason {@code gave_up})
 * @param lease how long a claim on a video lasts; must outlive one API request, see {@link
 *     AppConfig}
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
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(5);

  /** Sub-second intervals are allowed so that tests and the demo run fast. */
  public static final Duration SMALLEST_MIN_INTERVAL = Duration.ofMillis(10);

  public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMinutes(2);
  public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(24);

  /** Short, so a killed instance's videos are polled again within about 20 s. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(20);

  public static final int DEFAULT_BATCH_SIZE = 25;
  public static final int MAX_BATCH_SIZE = 1000;
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** Validates every field; throws {@link ConfigException} listing all problems. */
  public PollConfig {
    Objects.requireNonNull(minInterval, "minInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(checkInterval, "checkInterval");
    Problems problems = new Problems();
    validate(problems, minInterval, maxInterval, giveUpAfter, lease, batchSize, checkInterval);
    problems.throwIfAny(null);
  }

  /** All defaults. */
  public static PollConfig defaults() {
    return new PollConfig(
        DEFAULT_MIN_INTERVAL,
        DEFAULT_MAX_INTERVAL,
        DEFAULT_GIVE_UP_AFTER,
        DEFAULT_LEASE,
        DEFAULT_BATCH_SIZE,
        DEFAULT_CHECK_INTERVAL);
  }

  static void validate(
      Problems p,
      @Nullable Duration minInterval,
      @Nullable Duration maxInterval,
      @Nullable Duration giveUpAfter,
      @Nullable Duration lease,
      @Nullable Integer batchSize,
      @Nullable Duration checkInterval) {
    Rules.atLeast(p, POLL_MIN_INTERVAL, minInterval, SMALLEST_MIN_INTERVAL);
    boolean minValid = minInterval != null && minInterval.compareTo(SMALLEST_MIN_INTERVAL) >= 0;
    if (minInterval != null && maxInterval != null && maxInterval.compareTo(minInterval) < 0) {
      p.add(
          POLL_MAX_INTERVAL,
          "must be at least " + POLL_MIN_INTERVAL + " (" + minInterval + "), was " + maxInterval);
    } else if (!minValid) {
      // min-interval is invalid itself: max-interval still has min-interval's own floor.
      Rules.atLeast(p, POLL_MAX_INTERVAL, maxInterval, SMALLEST_MIN_INTERVAL);
    }
    Rules.positive(p, POLL_GIVE_UP_AFTER, giveUpAfter);
    Rules.positive(p, POLL_LEASE, lease);
    Rules.between(p, POLL_BATCH_SIZE, batchSize, 1, MAX_BATCH_SIZE);
    Rules.positive(p, POLL_CHECK_INTERVAL, checkInterval);
  }
}
