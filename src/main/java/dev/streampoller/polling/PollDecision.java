package dev.streampoller.polling;

import dev.streampoller.tracking.CompletionModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to poll a video next, how likely that poll is to find the download over, and the model of
 * its completion from which the claim ranks due videos by expected detection delay ({@link
 * CompletionModel}). Before any of them, the oldest videos get the tokens they need for every video
 * to be polled within {@link PollPolicy#ageCap} of its last poll (the age guarantee).
 *
 * @param urgency the probability that the poll finds the download over: 0 (nothing expected) to 1
 *     (stored for operators as {@code poll_urgency}; the claim ranks by {@code model})
 * @param model what is believed about the completion of the download this decision is for
 */
public record PollDecision(Instant nextPollAt, double urgency, CompletionModel model) {
  /**
   * How far full urgency moves a poll ahead of others due at the same time in {@link #rank()},
   * which picks the download a video's next poll is planned for when several are open.
   */
  public static final Duration URGENCY_WEIGHT = Duration.ofHours(1);

  /**
   * Urgency of a video's first poll and of the probe after it: they buy information (a rate to
   * predict with), not a completion, so this is the one value set by hand; just below the even odds
   * of a predicted completion.
   */
  public static final double FIRST_POLL_URGENCY = 0.45;

  public PollDecision {
    Objects.requireNonNull(nextPollAt, "nextPollAt");
    Objects.requireNonNull(model, "model");
    if (!(urgency >= 0 && urgency <= 1)) {
      throw new IllegalArgumentException("urgency must be within 0..1, was " + urgency);
    }
  }

  /** Among a video's open downloads, the decision with the earliest rank plans its next poll. */
  public Instant rank() {
    return nextPollAt.minusMillis(Math.round(urgency * URGENCY_WEIGHT.toMillis()));
  }
}
