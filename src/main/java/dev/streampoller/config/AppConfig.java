package dev.streampoller.config;

/**
 * The whole configuration, made only by {@link ConfigLoader}; {@code describe} is the effective one
 * as {@code key=value} lines, secrets shown as {@code ****}.
 */
public record AppConfig(
    CloudflareConfig cloudflare,
    DatabaseConfig database,
    PollConfig poll,
    WebhookConfig webhook,
    SchedulerConfig scheduler,
    OpsConfig ops,
    String describe) {}
