package dev.streampoller.discovery;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a discovery round ends: the next round's time, whether a request was answered or failed
 * ({@code ran}), why it failed (null: it did not), or that its lease was lost to another instance
 * ({@code lost}: nothing more may be written).
 */
record RoundEnd(@Nullable Instant next, boolean ran, @Nullable String error, boolean lost) {
  static RoundEnd at(Instant next) {
    return new RoundEnd(next, true, null, false);
  }

  /** Held back by the budget or a pause: nothing was asked. */
  static RoundEnd heldBack(Instant next) {
    return new RoundEnd(next, false, null, false);
  }

  static RoundEnd failed(Instant next, String error) {
    return new RoundEnd(next, true, error, false);
  }

  static RoundEnd leaseLost() {
    return new RoundEnd(null, false, null, true);
  }
}
