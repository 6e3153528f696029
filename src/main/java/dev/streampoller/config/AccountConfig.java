package dev.streampoller.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Cloudflare account: {@code cloudflare.*} ({@value ConfigKeys#DEFAULT}) or an additional one.
 */
public record AccountConfig(
    String name,
    String accountId,
    CloudflareCredential credential,
    int requestsPerFiveMinutes,
    AutoTrack autoTrack) {

  public AccountConfig {
    Objects.requireNonNull(autoTrack, "autoTrack");
  }

  /** An account without auto-track. */
  public AccountConfig(
      String name, String accountId, CloudflareCredential credential, int requestsPerFiveMinutes) {
    this(name, accountId, credential, requestsPerFiveMinutes, AutoTrack.OFF);
  }

  /**
   * The {@code auto-track.*} keys: whether new videos are discovered, which downloads are created
   * for them ({@code default}, {@code audio}; empty = only watch), how often to look, from when
   * (empty = when first enabled), how far to look back for late-ready videos, and the list call's
   * filters.
   */
  public record AutoTrack(
      boolean enabled,
      List<String> downloads,
      Duration interval,
      Optional<Instant> since,
      Duration lookBack,
      Optional<String> creator,
      Optional<String> search) {
    /** Off, with the keys' defaults. */
    public static final AutoTrack OFF =
        new AutoTrack(
            false,
            List.of("default"),
            Duration.ofMinutes(1),
            Optional.empty(),
            Duration.ofHours(24),
            Optional.empty(),
            Optional.empty());

    public AutoTrack {
      downloads = List.copyOf(downloads);
    }
  }
}
