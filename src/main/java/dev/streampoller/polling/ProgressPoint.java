package dev.streampoller.polling;

import java.time.Instant;
import java.util.Objects;

/** One observation of a download's progress: when, and how far (0..100). */
public record ProgressPoint(Instant at, double percent) {
  public ProgressPoint {
    Objects.requireNonNull(at, "at");
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
    }
  }
}
