package dev.streampoller.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
      Optional<String> search) {}
}
