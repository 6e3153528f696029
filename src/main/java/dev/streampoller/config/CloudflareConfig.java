package dev.streampoller.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cloudflare.*} keys. The API root never ends in {@code /}; accounts: {@value
 * ConfigKeys#DEFAULT} first, then by name.
 */
public record CloudflareConfig(
    URI apiBaseUrl,
    Duration connectTimeout,
    Duration responseTimeout,
    List<AccountConfig> accounts) {
  /** The account of the {@code cloudflare.*} keys, the one commands use by default. */
  public AccountConfig defaultAccount() {
    return accounts.get(0);
  }

  /** The budget per 5 minutes of each distinct user, by {@link CloudflareCredential#budgetId()}. */
  public Map<String, Integer> budgets() {
    Map<String, Integer> budgets = new LinkedHashMap<>();
    for (AccountConfig account : accounts) {
      budgets.putIfAbsent(account.credential().budgetId(), account.requestsPerFiveMinutes());
    }
    return Collections.unmodifiableMap(budgets);
  }
}
