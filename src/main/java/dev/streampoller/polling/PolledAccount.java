package dev.streampoller.polling;

import dev.streampoller.cloudflare.CloudflareClient;
import java.util.Objects;

/**
 * A Cloudflare account this instance polls: its API client and the budget it draws from. Accounts
 * with the same credential share one budget ({@code budgetId}), since Cloudflare limits per user.
 */
public record PolledAccount(
    String accountId, CloudflareClient client, String budgetId, int requestsPerFiveMinutes) {
  public PolledAccount {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(budgetId, "budgetId");
    if (requestsPerFiveMinutes < 2) {
      throw new IllegalArgumentException("requestsPerFiveMinutes must be at least 2");
    }
  }
}
