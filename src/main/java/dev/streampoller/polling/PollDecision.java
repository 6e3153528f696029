package dev.streampoller.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to poll a video next, and how much that poll is worth. Due videos are claimed in order of
 * {@link #rank()}: the due time brought forward by up to {@link #URGENCY_WEIGHT} for urgency 1, so
 * when the budget is short the polls most likely to find a finished download go first. Videos
 * unpolled for longer than {@link PollPolicy#ageCap} go before any of them (the age guarantee).
 *
 * @param urgency the probability that the poll finds the download over: 0 (nothing expected) to 1
 */
public record PollDecision(Instant nextPollAt, double urgency) {
  /** How far full urgency moves a poll ahead of others due at the same time. */
  public static final Duration URGENCY_WEIGHT = Duration.ofHours(1);

  /**
   * Urgency of a video's first poll and of the probe after it: they buy information (a rate to
   * predict with), not a completion, so this is the one value set by hand; just below the even odds
   * of a predicted completion.
   */
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
