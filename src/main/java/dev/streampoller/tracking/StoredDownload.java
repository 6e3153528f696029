package dev.streampoller.tracking;

import java.time.Instant;
import java.util.Objects;

/** A {@code download_state} row: the last recorded snapshot and how many transitions led to it. */
public record StoredDownload(DownloadSnapshot snapshot, int sequence, Instant firstSeenAt) {
  public StoredDownload {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(firstSeenAt, "firstSeenAt");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
    }
  }
}
