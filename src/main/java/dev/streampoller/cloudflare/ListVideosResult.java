package dev.streampoller.cloudflare;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of the list call. Success holds the videos in the API's order; anything else is the
 * same failure the downloads calls give ({@link ListDownloadsResult.RateLimited}, {@link
 * ListDownloadsResult.CredentialRejected} or {@link ListDownloadsResult.Failed}; a 404 with an
 * envelope, which names no video here, is a {@code Failed}), so callers treat it alike.
 */
public sealed interface ListVideosResult {

  /** Success: at most {@link CloudflareClient#LIST_CAP} videos, in the API's order. */
  record Videos(List<ListedVideo> videos, RateLimitInfo rateLimit) implements ListVideosResult {
    public Videos {
      videos = List.copyOf(videos);
      Objects.requireNonNull(rateLimit, "rateLimit");
    }
  }

  /** Refused, failed or malformed: what went wrong, as a downloads call would say it. */
  record Refused(ListDownloadsResult failure) implements ListVideosResult {
    public Refused {
      if (failure instanceof ListDownloadsResult.Downloads
          || failure instanceof ListDownloadsResult.VideoNotFound) {
        throw new IllegalArgumentException("not a failure of the list call: " + failure);
      }
    }
  }
}
