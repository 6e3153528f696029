package dev.streampoller.config;

/**
 * One Cloudflare account whose Stream videos are polled: the per-account keys of {@code
 * cloudflare.*} (named {@value ConfigKeys#DEFAULT}) or {@code cloudflare.accounts.<name>.*}; see
 * {@link ConfigKeys} and docs/configuration.md. Accounts with the same {@link
 * CloudflareCredential#budgetId()} share one request budget and declare the same value.
 */
public record AccountConfig(
    String name, String accountId, CloudflareCredential credential, int requestsPerFiveMinutes) {}
