package dev.streampoller.config;

/**
 * One Cloudflare account: {@code cloudflare.*} ({@value ConfigKeys#DEFAULT}) or an additional one.
 */
public record AccountConfig(
    String name, String accountId, CloudflareCredential credential, int requestsPerFiveMinutes) {}
