package dev.streampoller.config;

/**
 * The whole configuration of one daemon instance: immutable plain values, every rule already
 * checked by {@link ConfigLoader}, the one way to make one (also in code, with {@link
 * ConfigLoader#builder}).
 *
 * @param describe the effective configuration as {@code key=value} lines (joined by {@code \n}),
 *     every secret shown as {@code ****}, for the one INFO log line at start-up
 */
public record AppConfig(
    CloudflareConfig cloudflare,
    DatabaseConfig database,
    PollConfig poll,
    WebhookConfig webhook,
    SchedulerConfig scheduler,
    OpsConfig ops,
    String describe) {}
