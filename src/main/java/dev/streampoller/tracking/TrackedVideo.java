package dev.streampoller.tracking;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A {@code tracked_video} row. */
public record TrackedVideo(
    VideoKey key,
    Instant createdAt,
    Instant nextPollAt,
    @Nullable Instant lastPolledAt,
    int pollCount,
    int consecutiveFailures,
    @Nullable String lastError,
    @Nullable Instant lastChangedAt,
    @Nullable Instant endedAt,
    @Nullable EndReason endReason,
    @Nullable URI callbackUrl) {

  public boolean isActive() {
    return endedAt == null;
  }

  /** When progress was last seen: the last recorded change, or when tracking (re)started. */
  public Instant lastProgressAt() {
    return lastChangedAt == null || lastChangedAt.isBefore(createdAt) ? createdAt : lastChangedAt;
  }

  public Optional<EndReason> ended() {
    return Optional.ofNullable(endReason);
  }
}
