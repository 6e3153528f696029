package dev.streampoller.config;

/**
 * One Cloudflare account whose Stream videos are polled, the credential used for it, and the
 * request budget of that credential.
 *
 * @param name {@value ConfigKeys#DEFAULT} for the account of the {@code cloudflare.*} keys, else
 *     the {@code <name>} of its {@code cloudflare.accounts.<name>.*} keys
 * @param accountId 1 to 32 letters or digits (Cloudflare documents maxLength 32 and no pattern;
 *     real ids are 32 hex characters)
 * @param credential API token, or e-mail plus global API key
 * @param requestsPerFiveMinutes the most API requests the daemon, all instances together, may send
 *     with this credential in any 5-minute window, 2 to 1200 (Cloudflare grants 1,200 per user; a
 *     token bucket needs room for one burst and one refill). Accounts with the same {@link
 *     CloudflareCredential#budgetId()} share one budget and declare the same value.
 */
public record AccountConfig(
    String name, String accountId, CloudflareCredential credential, int requestsPerFiveMinutes) {}
