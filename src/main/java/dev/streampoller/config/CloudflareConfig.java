package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_BASE_URL;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_CONNECT_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_RESPONSE_TIMEOUT;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Cloudflare API: where it is, which accounts, how to authenticate, how long to wait, and how
 * many requests each credential may send.
 *
 * @param apiBaseUrl API root, never ending in {@code /} (a trailing slash is removed), so paths are
 *     appended as {@code apiBaseUrl + "/accounts/..."}; shared by every account
 * @param accountId the primary account whose Stream videos are polled: 1 to 32 letters or digits
 * @param credential the primary account's API token, or e-mail plus global API key
 * @param connectTimeout TCP and TLS connect timeout, for every account
 * @param responseTimeout how long to wait for a response once connected, for every account; with
 *     {@code connectTimeout}, the overall deadline of each request, however slowly it answers
 * @param requestsPerFiveMinutes the primary credential's request budget per 5-minute window, all
 *     instances together, {@value AccountConfig#MIN_REQUESTS_PER_FIVE_MINUTES} to {@value
 *     AccountConfig#MAX_REQUESTS_PER_FIVE_MINUTES}
 * @param additionalAccounts further accounts, each with its own credential and budget (immutable;
 *     empty for a single-account daemon). Account ids are unique across all accounts, and accounts
 *     whose credentials share a {@link CloudflareCredential#budgetId()} declare the same budget.
 */
public record CloudflareConfig(
    URI apiBaseUrl,
    String accountId,
    CloudflareCredential credential,
    Duration connectTimeout,
    Duration responseTimeout,
    int requestsPerFiveMinutes,
    List<AccountConfig> additionalAccounts) {
  public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.cloudflare.com/client/v4");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Cloudflare allows 1,200 requests per 5 minutes per user, shared by everything the user runs;
   * the default leaves a quarter of it to the user's other tools.
   */
  public static final int DEFAULT_REQUESTS_PER_FIVE_MINUTES = 900;

  /** Validates every field and the rules across accounts; throws {@link ConfigException}. */
  public CloudflareConfig {
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Objects.requireNonNull(additionalAccounts, "additionalAccounts");
    additionalAccounts = List.copyOf(additionalAccounts);
    Problems problems = new Problems();
    validate(
        problems, apiBaseUrl, accountId, connectTimeout, responseTimeout, requestsPerFiveMinutes);
    List<AccountRules.Entry> entries = new ArrayList<>();
    entries.add(
        new AccountRules.Entry(
            AccountKeys.primary(), accountId, credential, requestsPerFiveMinutes));
    for (int i = 0; i < additionalAccounts.size(); i++) {
      entries.add(AccountRules.Entry.of(AccountKeys.indexed(i), additionalAccounts.get(i)));
    }
    AccountRules.validate(problems, entries);
    problems.throwIfAny(null);
    apiBaseUrl = withoutTrailingSlash(apiBaseUrl);
  }

  /** One account with the default request budget, as before several accounts were supported. */
  public CloudflareConfig(
      URI apiBaseUrl,
      String accountId,
      CloudflareCredential credential,
      Duration connectTimeout,
      Duration responseTimeout) {
    this(
        apiBaseUrl,
        accountId,
        credential,
        connectTimeout,
        responseTimeout,
        DEFAULT_REQUESTS_PER_FIVE_MINUTES,
        List.of());
  }

  /** The production API with default timeouts and budget, one account. */
  public static CloudflareConfig of(String accountId, CloudflareCredential credential) {
    return new CloudflareConfig(
        DEFAULT_API_BASE_URL,
        accountId,
        credential,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_RESPONSE_TIMEOUT);
  }

  /** The same accounts and credentials against another API root, e.g. the local simulator. */
  public CloudflareConfig withApiBaseUrl(URI url) {
    return new CloudflareConfig(
        url,
        accountId,
        credential,
        connectTimeout,
        responseTimeout,
        requestsPerFiveMinutes,
        additionalAccounts);
  }

  /** The primary account ({@code cloudflare.account-id} and its credential and budget). */
  public AccountConfig primaryAccount() {
    return new AccountConfig(accountId, credential, requestsPerFiveMinutes);
  }

  /** Every account: the primary one first, then the additional ones in their order. */
  public List<AccountConfig> accounts() {
    List<AccountConfig> all = new ArrayList<>(additionalAccounts.size() + 1);
    all.add(primaryAccount());
    all.addAll(additionalAccounts);
    return List.copyOf(all);
  }

  /**
   * The request budget per 5 minutes of each distinct Cloudflare user, keyed by {@link
   * CloudflareCredential#budgetId()}, in the order of {@link #accounts()}. Accounts that share a
   * credential appear once: they share the budget.
   */
  public Map<String, Integer> budgets() {
    Map<String, Integer> budgets = new LinkedHashMap<>();
    for (AccountConfig account : accounts()) {
      budgets.putIfAbsent(account.credential().budgetId(), account.requestsPerFiveMinutes());
    }
    return Collections.unmodifiableMap(budgets);
  }

  static void validate(
      Problems p,
      @Nullable URI apiBaseUrl,
      @Nullable String accountId,
      @Nullable Duration connectTimeout,
      @Nullable Duration responseTimeout,
      @Nullable Integer requestsPerFiveMinutes) {
    Rules.httpUrl(p, CLOUDFLARE_API_BASE_URL, apiBaseUrl);
    if (apiBaseUrl != null
        && (apiBaseUrl.getRawQuery() != null || apiBaseUrl.getFragment() != null)) {
      p.add(CLOUDFLARE_API_BASE_URL, "must not have a query or fragment");
    }
    AccountConfig.validate(p, AccountKeys.primary(), accountId, requestsPerFiveMinutes);
    Rules.positive(p, CLOUDFLARE_CONNECT_TIMEOUT, connectTimeout);
    Rules.positive(p, CLOUDFLARE_RESPONSE_TIMEOUT, responseTimeout);
  }

  private static URI withoutTrailingSlash(URI url) {
    String text = url.toString();
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '/') {
      end--;
    }
    return end == text.length() ? url : URI.create(text.substring(0, end));
  }
}
