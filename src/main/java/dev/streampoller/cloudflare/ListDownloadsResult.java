package dev.streampoller.cloudflare;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of a downloads call ({@code GET} or {@code POST}). Expected failures are values so
 * the caller must decide for each of the five cases ({@code instanceof}; Java 17 has no pattern
 * switch). Every {@code detail} is short (at most 300 characters), carries the HTTP status and
 * Cloudflare's error codes and messages verbatim, and never a secret.
 */
public sealed interface ListDownloadsResult {

  /** Success: every download in {@code result}, in the API's order; empty for {@code {}}. */
  record Downloads(List<Download> downloads, RateLimitInfo rateLimit)
      implements ListDownloadsResult {
    public Downloads {
      downloads = List.copyOf(downloads);
      Objects.requireNonNull(rateLimit, "rateLimit");
    }

    public Optional<Download> ofType(String type) {
      return downloads.stream().filter(d -> d.type().equals(type)).findFirst();
    }
  }

  /** 404 with a Cloudflare envelope: the video is gone, stop tracking it. */
  record VideoNotFound(int httpStatus, String detail) implements ListDownloadsResult {
    public VideoNotFound {
      detail = Details.bound(detail);
    }
  }

  /**
   * The credential is invalid, revoked, lacks permission or may not reach the account (400 with
   * 6003/6111/6103/1000, 401, 403, 9109, Stream not enabled): the operator must fix it, so stop
   * polling the account.
   */
  record CredentialRejected(int httpStatus, String detail) implements ListDownloadsResult {
    public CredentialRejected {
      detail = Details.bound(detail);
    }
  }

  /** 429: Cloudflare blocks this user's calls; wait {@code retryAfter} when given. */
  record RateLimited(Optional<Duration> retryAfter, RateLimitInfo rateLimit, String detail)
      implements ListDownloadsResult {
    public RateLimited {
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(rateLimit, "rateLimit");
      detail = Details.bound(detail);
    }
  }

  /**
   * Anything else, usually transient: 5xx, timeouts (an answer not complete within the request's
   * deadline: "no complete answer within ..."), connection errors, HTML, malformed or oversized
   * bodies ("answer too large ..."), {@code success: false} with other codes, other 4xx. {@code
   * httpStatus} is empty when no response arrived.
   */
  record Failed(String detail, OptionalInt httpStatus, RateLimitInfo rateLimit)
      implements ListDownloadsResult {
    public Failed {
      detail = Details.bound(detail);
      Objects.requireNonNull(httpStatus, "httpStatus");
      Objects.requireNonNull(rateLimit, "rateLimit");
    }
  }
}
