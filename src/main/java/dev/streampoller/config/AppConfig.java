package dev.streampoller.config;

/**
 * The whole configuration of one daemon instance, every rule already checked by {@link
 * ConfigLoader}, the one way to make one. {@code describe} is the effective configuration as {@code
 * key=value} lines, secrets shown as {@code ****}, for the one INFO log line at start-up.
 */
public record AppConfig(
    CloudflareConfig cloudflare,
    DatabaseConfig database,
    PollConfig poll,
    WebhookConfig webhook,
    SchedulerConfig scheduler,
    OpsConfig ops,
    String describe) {}
