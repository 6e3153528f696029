package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_ACCOUNT_ID;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_BASE_URL;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_CONNECT_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_RESPONSE_TIMEOUT;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Cloudflare API: where it is, which account, how to authenticate, how long to wait.
 *
 * @param apiBaseUrl API root, never ending in {@code /} (a trailing slash is removed), so paths are
 *     appended as {@code apiBaseUrl + "/accounts/..."}
 * @param accountId the account whose Stream videos are polled: 1 to 32 letters or digits
 * @param credential API token, or e-mail plus global API key
 * @param connectTimeout TCP and TLS connect timeout
 * @param responseTimeout how long to wait for a response once connected
 */
public record CloudflareConfig(
    URI apiBaseUrl,
    String accountId,
    CloudflareCredential credential,
    Duration connectTimeout,
    Duration responseTimeout) {
  public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.cloudflare.com/client/v4");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  // Cloudflare documents maxLength 32 and no pattern; real ids are 32 hex characters.
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  /** Validates every field; throws {@link ConfigException} listing all problems. */
  public CloudflareConfig {
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Problems problems = new Problems();
    validate(problems, apiBaseUrl, accountId, connectTimeout, responseTimeout);
    problems.throwIfAny(null);
    apiBaseUrl = withoutTrailingSlash(apiBaseUrl);
  }

  /** The production API with default timeouts. */
  public static CloudflareConfig of(String accountId, CloudflareCredential credential) {
    return new CloudflareConfig(
        DEFAULT_API_BASE_URL,
        accountId,
        credential,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_RESPONSE_TIMEOUT);
  }

  /** The same account and credential against another API root, e.g. the local simulator. */
  public CloudflareConfig withApiBaseUrl(URI url) {
    return new CloudflareConfig(url, accountId, credential, connectTimeout, responseTimeout);
  }

  static void validate(
      Problems p,
      @Nullable URI apiBaseUrl,
      @Nullable String accountId,
      @Nullable Duration connectTimeout,
      @Nullable Duration responseTimeout) {
    Rules.httpUrl(p, CLOUDFLARE_API_BASE_URL, apiBaseUrl);
    if (apiBaseUrl != null
        && (apiBaseUrl.getRawQuery() != null || apiBaseUrl.getFragment() != null)) {
      p.add(CLOUDFLARE_API_BASE_URL, "must not have a query or fragment");
    }
    if (accountId != null && !ACCOUNT_ID.matcher(accountId).matches()) {
      p.add(CLOUDFLARE_ACCOUNT_ID, "must be 1 to 32 letters or digits, was '" + accountId + "'");
    }
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
