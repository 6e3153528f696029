package dev.streampoller.config;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One Cloudflare account whose Stream videos are polled, the credential used for it, and the
 * request budget of that credential.
 *
 * @param accountId 1 to 32 letters or digits (Cloudflare documents maxLength 32 and no pattern;
 *     real ids are 32 hex characters)
 * @param credential API token, or e-mail plus global API key
 * @param requestsPerFiveMinutes the most API requests the daemon, all instances together, may send
 *     with this credential in any 5-minute window; {@value #MIN_REQUESTS_PER_FIVE_MINUTES} to
 *     {@value #MAX_REQUESTS_PER_FIVE_MINUTES}. Accounts with the same {@link
 *     CloudflareCredential#budgetId()} share one budget, so {@link CloudflareConfig} requires them
 *     to declare the same value.
 */
public record AccountConfig(
    String accountId, CloudflareCredential credential, int requestsPerFiveMinutes) {
  /** Cloudflare's limit is 1,200 requests per 5 minutes per user; more is never granted. */
  public static final int MAX_REQUESTS_PER_FIVE_MINUTES = 1200;

  /** A token bucket needs room for one burst and one refill. */
  public static final int MIN_REQUESTS_PER_FIVE_MINUTES = 2;

  static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  /**
   * Validates every field; throws {@link ConfigException} naming the fields by their pattern keys
   * ({@code cloudflare.accounts.<name>.account-id}), since a record built in code has no name.
   */
  public AccountConfig {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credential, "credential");
    Problems problems = new Problems();
    validate(
        problems,
        AccountKeys.named(AccountKeys.NAME_PLACEHOLDER),
        accountId,
        requestsPerFiveMinutes);
    problems.throwIfAny(null);
  }

  /**
   * An account with the default budget, {@link CloudflareConfig#DEFAULT_REQUESTS_PER_FIVE_MINUTES}.
   */
  public static AccountConfig of(String accountId, CloudflareCredential credential) {
    return new AccountConfig(
        accountId, credential, CloudflareConfig.DEFAULT_REQUESTS_PER_FIVE_MINUTES);
  }

  static void validate(
      Problems p,
      AccountKeys keys,
      @Nullable String accountId,
      @Nullable Integer requestsPerFiveMinutes) {
    if (accountId != null && !ACCOUNT_ID.matcher(accountId).matches()) {
      p.add(keys.accountId(), "must be 1 to 32 letters or digits, was '" + accountId + "'");
    }
    Rules.between(
        p,
        keys.requestsPerFiveMinutes(),
        requestsPerFiveMinutes,
        MIN_REQUESTS_PER_FIVE_MINUTES,
        MAX_REQUESTS_PER_FIVE_MINUTES);
  }
}
