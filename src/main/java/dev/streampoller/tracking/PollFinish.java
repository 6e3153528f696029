package dev.streampoller.tracking;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one poll of a claimed video ended, applied to its {@code tracked_video} row together with the
 * release of the claim.
 *
 * @param polledAt when the answer (or failure) arrived
 * @param failed whether the poll failed (counts towards the retry backoff)
 * @param changed whether the poll recorded a transition (moves {@code last_changed_at})
 * @param error what failed; null on success
 * @param nextPollAt when to poll again (ignored when {@code endReason} is set)
 * @param urgency how urgent the next poll is (0..1), or null to keep the current one
 * @param endReason set when tracking ends with this poll
 * @param model what the policy now believes about the completion (the claim ranks by it), or null
 *     to keep the current one
 */
public record PollFinish(
    Instant polledAt,
    boolean failed,
    boolean changed,
    @Nullable String error,
    Instant nextPollAt,
    @Nullable Double urgency,
    @Nullable EndReason endReason,
    @Nullable CompletionModel model) {

  public PollFinish {
    Objects.requireNonNull(polledAt, "polledAt");
    Objects.requireNonNull(nextPollAt, "nextPollAt");
    if (failed && error == null) {
      throw new IllegalArgumentException("a failed poll needs an error");
    }
    if (urgency != null && !(urgency >= 0 && urgency <= 1)) {
      throw new IllegalArgumentException("urgency must be within 0..1, was " + urgency);
    }
    if (failed && changed) {
      throw new IllegalArgumentException("a failed poll records no change");
    }
  }

  public static PollFinish success(
      Instant polledAt,
      boolean changed,
      Instant nextPollAt,
      double urgency,
      CompletionModel model) {
    return new PollFinish(
        polledAt,
        false,
        changed,
        null,
        nextPollAt,
        urgency,
        null,
        Objects.requireNonNull(model, "model"));
  }

  public static PollFinish failure(Instant polledAt, String error, Instant nextPollAt) {
    return new PollFinish(polledAt, true, false, error, nextPollAt, null, null, null);
  }

  public static PollFinish ended(
      Instant polledAt, boolean changed, @Nullable String error, EndReason reason) {
    return new PollFinish(polledAt, false, changed, error, polledAt, null, reason, null);
  }
}
