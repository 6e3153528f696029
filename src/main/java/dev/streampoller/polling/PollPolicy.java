package dev.streampoller.polling;

import dev.streampoller.tracking.Detection;
import dev.streampoller.tracking.TrackedVideo;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to poll a video next. A pure function of the video's row, what the poll found and the
 * configured bounds, so it is tested without a database or a clock.
 *
 * <ul>
 *   <li>something changed: poll again after {@code minInterval} (progress is moving);
 *   <li>nothing changed: double the previous gap, between {@code minInterval} and {@code
 *       maxInterval};
 *   <li>no download created yet: {@code maxInterval} (the slow end);
 *   <li>failed poll: {@code minInterval * 2^(failures-1)}, capped at {@code maxInterval}.
 * </ul>
 *
 * A video is given up when nothing has changed for {@code giveUpAfter}: a download that keeps
 * progressing is never abandoned, one that stalls (or never appears) is.
 */
public final class PollPolicy {
  private final Duration minInterval;
  private final Duration maxInterval;
  private final Duration giveUpAfter;

  public PollPolicy(Duration minInterval, Duration maxInterval, Duration giveUpAfter) {
    this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    this.maxInterval = Objects.requireNonNull(maxInterval, "maxInterval");
    this.giveUpAfter = Objects.requireNonNull(giveUpAfter, "giveUpAfter");
    if (minInterval.isNegative()
        || minInterval.isZero()
        || maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException(
          "need 0 < minInterval <= maxInterval, was " + minInterval + " and " + maxInterval);
    }
  }

  /** Next poll after a successful poll of {@code video} at {@code now} that found {@code found}. */
  public Instant afterSuccess(TrackedVideo video, Detection found, Instant now) {
    if (found.newState().isEmpty()) {
      return now.plus(maxInterval);
    }
    if (found.changed() || video.lastPolledAt() == null) {
      return now.plus(minInterval);
    }
    Duration previousGap = Duration.between(video.lastPolledAt(), now);
    return now.plus(clamp(previousGap.multipliedBy(2)));
  }

  /** Next poll after the {@code failures}-th consecutive failed poll (1 for the first). */
  public Instant afterFailure(int failures, Instant now) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, was " + failures);
    }
    int doublings = Math.min(failures - 1, 30);
    Duration delay = minInterval;
    for (int i = 0; i < doublings && delay.compareTo(maxInterval) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return now.plus(clamp(delay));
  }

  /** Whether nothing has changed for {@code giveUpAfter} (since the last change or the track). */
  public boolean shouldGiveUp(TrackedVideo video, Instant now) {
    return !now.isBefore(video.lastProgressAt().plus(giveUpAfter));
  }

  private Duration clamp(Duration delay) {
    if (delay.compareTo(minInterval) < 0) {
      return minInterval;
    }
    return delay.compareTo(maxInterval) > 0 ? maxInterval : delay;
  }
}
