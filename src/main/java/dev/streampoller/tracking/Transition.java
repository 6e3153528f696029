package dev.streampoller.tracking;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An observed change of one download: {@code before} is null on the first observation. {@code
 * sequence} numbers the transitions of one download from 1, so receivers can order events.
 */
public record Transition(
    String downloadType,
    int sequence,
    @Nullable DownloadSnapshot before,
    DownloadSnapshot after,
    Instant observedAt) {

  public Transition {
    Objects.requireNonNull(downloadType, "downloadType");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(observedAt, "observedAt");
    if ((sequence == 1) != (before == null)) {
      throw new IllegalArgumentException("only the first transition (sequence 1) has no before");
    }
  }

  /**
   * Whether this transition moved the download into {@code ready} or {@code error}: the moments a
   * webhook is owed. A download first seen already terminal counts, since nobody was told yet.
   */
  public boolean becameTerminal() {
    return after.isTerminal() && (before == null || !before.status().equals(after.status()));
  }
}
