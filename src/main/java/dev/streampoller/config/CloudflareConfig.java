package dev.streampoller.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cloudflare API and the accounts polled: the {@code cloudflare.*} keys; see {@link ConfigKeys}
 * and docs/configuration.md. The API root never ends in {@code /}, so paths are appended as {@code
 * apiBaseUrl + "/accounts/..."}. Accounts: the one named {@value ConfigKeys#DEFAULT} first, then by
 * name (immutable).
 */
public record CloudflareConfig(
    URI apiBaseUrl,
    Duration connectTimeout,
    Duration responseTimeout,
    List<AccountConfig> accounts) {
  public CloudflareConfig {
    accounts = List.copyOf(accounts);
  }

  /** The account of the {@code cloudflare.*} keys, the one commands use by default. */
  public AccountConfig defaultAccount() {
    return accounts.get(0);
  }

  /**
   * The request budget per 5 minutes of each distinct Cloudflare user, keyed by {@link
   * CloudflareCredential#budgetId()}, in the order of {@link #accounts()}. Accounts that share a
   * credential appear once: they share the budget.
   */
  public Map<String, Integer> budgets() {
    Map<String, Integer> budgets = new LinkedHashMap<>();
    for (AccountConfig account : accounts) {
      budgets.putIfAbsent(account.credential().budgetId(), account.requestsPerFiveMinutes());
    }
    return Collections.unmodifiableMap(budgets);
  }
}
