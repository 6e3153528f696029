package dev.streampoller.config;

import java.util.Objects;

/**
 * The whole configuration of one daemon instance: immutable plain values, every rule already
 * checked by {@link ConfigLoader}, the one way to make one (also in code, with {@link
 * ConfigLoader#builder}).
 */
public record AppConfig(
    CloudflareConfig cloudflare,
    DatabaseConfig database,
    PollConfig poll,
    WebhookConfig webhook,
    SchedulerConfig scheduler,
    OpsConfig ops) {
  public AppConfig {
    Objects.requireNonNull(cloudflare, "cloudflare");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(ops, "ops");
  }

  /**
   * The effective configuration as {@code key=value} lines (joined by {@code \n}), every secret
   * shown as {@code ****}, for the one INFO log line at start-up.
   */
  public String describe() {
    return String.join("\n", ConfigDescriber.lines(this));
  }
}
