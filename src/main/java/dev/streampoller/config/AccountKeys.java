package dev.streampoller.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key names of one Cloudflare account. The primary account's keys sit directly under {@code
 * cloudflare.}, each additional one's under {@code cloudflare.accounts.<name>.}, with the same
 * suffixes, so the credential and budget rules are written once for both.
 */
final class AccountKeys {
  static final String PRIMARY_PREFIX = "cloudflare.";
  static final String ACCOUNTS_PREFIX = "cloudflare.accounts.";
  static final String NAME_PLACEHOLDER = "<name>";

  static final String ACCOUNT_ID = "account-id";
  static final String API_TOKEN = "api-token";
  static final String API_EMAIL = "api-email";
  static final String API_KEY = "api-key";
  static final String REQUESTS_PER_5_MINUTES = "rate-limit.requests-per-5-minutes";

  /** Every key an additional account may set, after {@code cloudflare.accounts.<name>.}. */
  static final List<String> SUFFIXES =
      List.of(
          ACCOUNT_ID,
          API_TOKEN,
          API_TOKEN + ConfigKeys.FILE_SUFFIX,
          API_EMAIL,
          API_KEY,
          API_KEY + ConfigKeys.FILE_SUFFIX,
          REQUESTS_PER_5_MINUTES);

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

  /** A key under {@code cloudflare.accounts.}, split into the account name and the rest. */
  record Parsed(String name, String suffix) {
    boolean validName() {
      return NAME.matcher(name).matches();
    }

    boolean knownSuffix() {
      return SUFFIXES.contains(suffix);
    }
  }

  private final String prefix;

  private AccountKeys(String prefix) {
    this.prefix = prefix;
  }

  static AccountKeys primary() {
    return new AccountKeys(PRIMARY_PREFIX);
  }

  /** The keys of the additional account {@code name}. */
  static AccountKeys named(String name) {
    return new AccountKeys(ACCOUNTS_PREFIX + name + ".");
  }

  /**
   * The keys of the additional account at {@code index} of a config built in code, which has no
   * names; used only in problem messages.
   */
  static AccountKeys indexed(int index) {
    return new AccountKeys("cloudflare.accounts[" + index + "].");
  }

  /** The documented pattern, {@code cloudflare.accounts.<name>.} + suffix. */
  static String pattern(String suffix) {
    return ACCOUNTS_PREFIX + NAME_PLACEHOLDER + "." + suffix;
  }

  /**
   * Splits {@code cloudflare.accounts.<name>.<suffix>}; empty for any other key. The name is not
   * validated here, so that a bad name can be reported as such rather than as an unknown key.
   */
  static Optional<Parsed> parse(String key) {
    if (!key.startsWith(ACCOUNTS_PREFIX)) {
      return Optional.empty();
    }
    String rest = key.substring(ACCOUNTS_PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(rest.substring(0, dot), rest.substring(dot + 1)));
  }

  String key(String suffix) {
    return prefix + suffix;
  }

  String accountId() {
    return key(ACCOUNT_ID);
  }

  String apiToken() {
    return key(API_TOKEN);
  }

  String apiTokenFile() {
    return key(API_TOKEN + ConfigKeys.FILE_SUFFIX);
  }

  String apiEmail() {
    return key(API_EMAIL);
  }

  String apiKey() {
    return key(API_KEY);
  }

  String apiKeyFile() {
    return key(API_KEY + ConfigKeys.FILE_SUFFIX);
  }

  String requestsPerFiveMinutes() {
    return key(REQUESTS_PER_5_MINUTES);
  }
}
