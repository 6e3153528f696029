package dev.streampoller.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to poll a video next, and how urgent that poll is. Due videos are claimed in order of {@link
 * #rank()}: the due time brought forward by up to {@link #URGENCY_WEIGHT} for urgency 1, so when
 * the budget is short the polls most likely to find a finished download go first, while a
 * long-overdue low-urgency poll still gets its turn (no starvation).
 *
 * @param urgency 0 (nothing expected soon) to 1 (a download is predicted to finish now)
 */
public record PollDecision(Instant nextPollAt, double urgency) {
  /** How far full urgency moves a poll ahead of others due at the same time. */
  public static final Duration URGENCY_WEIGHT = Duration.ofHours(1);

  /** Urgency of a video's first poll: ahead of stalls, behind probes and predicted completions. */
  public static final double FIRST_POLL_URGENCY = 0.45;

  public PollDecision {
    Objects.requireNonNull(nextPollAt, "nextPollAt");
    if (!(urgency >= 0 && urgency <= 1)) {
      throw new IllegalArgumentException("urgency must be within 0..1, was " + urgency);
    }
  }

  /** The claim order: earlier ranks are claimed first. */
  public Instant rank() {
    return nextPollAt.minusMillis(Math.round(urgency * URGENCY_WEIGHT.toMillis()));
  }
}
