package dev.streampoller.tracking;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@code tracked_video} row.
 *
 * @param model what the poll policy last believed about the completion of its open download
 */
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
    @Nullable URI callbackUrl,
    CompletionModel model) {

  public TrackedVideo {
    java.util.Objects.requireNonNull(model, "model");
  }

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
