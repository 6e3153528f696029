package dev.streampoller.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key names of one webhook endpoint. The endpoint named {@value #DEFAULT_NAME} keeps the
 * single-endpoint keys directly under {@code webhook.}, every other one sits under {@code
 * webhook.endpoints.<name>.}, with the same suffixes, so the rules are written once for both.
 */
final class EndpointKeys {
  static final String DEFAULT_NAME = "default";
  static final String DEFAULT_PREFIX = "webhook.";
  static final String ENDPOINTS_PREFIX = "webhook.endpoints.";

  static final String URL = "url";
  static final String SECRET = "secret";
  static final String PREVIOUS_SECRET = "previous-secret";
  static final String EVENTS = "events";
  static final String ACCOUNTS = "accounts";
  static final String CLOUDFLARE_SIGNATURE = "cloudflare-signature";

  /** Every key an endpoint may set, after its prefix. */
  static final List<String> SUFFIXES =
      List.of(
          URL,
          SECRET,
          SECRET + ConfigKeys.FILE_SUFFIX,
          PREVIOUS_SECRET,
          PREVIOUS_SECRET + ConfigKeys.FILE_SUFFIX,
          EVENTS,
          ACCOUNTS,
          CLOUDFLARE_SIGNATURE);

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

  /** A key under {@code webhook.endpoints.}, split into the endpoint name and the rest. */
  record Parsed(String name, String suffix) {
    boolean validName() {
      return validEndpointName(name);
    }

    boolean knownSuffix() {
      return SUFFIXES.contains(suffix);
    }
  }

  private final String prefix;

  private EndpointKeys(String prefix) {
    this.prefix = prefix;
  }

  static boolean validEndpointName(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * The keys of the endpoint {@code name}: {@code webhook.*} for {@value #DEFAULT_NAME}, {@code
   * webhook.endpoints.<name>.*} otherwise (the pattern itself for a malformed name, which then
   * cannot come from a file).
   */
  static EndpointKeys of(String name) {
    if (name.equals(DEFAULT_NAME)) {
      return new EndpointKeys(DEFAULT_PREFIX);
    }
    return new EndpointKeys(
        ENDPOINTS_PREFIX + (validEndpointName(name) ? name : AccountKeys.NAME_PLACEHOLDER) + ".");
  }

  /** The documented pattern, {@code webhook.endpoints.<name>.} + suffix. */
  static String pattern(String suffix) {
    return ENDPOINTS_PREFIX + AccountKeys.NAME_PLACEHOLDER + "." + suffix;
  }

  /**
   * Splits {@code webhook.endpoints.<name>.<suffix>}; empty for any other key. The name is not
   * validated here, so that a bad name can be reported as such rather than as an unknown key.
   */
  static Optional<Parsed> parse(String key) {
    if (!key.startsWith(ENDPOINTS_PREFIX)) {
      return Optional.empty();
    }
    String rest = key.substring(ENDPOINTS_PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(rest.substring(0, dot), rest.substring(dot + 1)));
  }

  /** Whether these are the single-endpoint keys {@code webhook.*} of the default endpoint. */
  boolean isDefault() {
    return prefix.equals(DEFAULT_PREFIX);
  }

  String key(String suffix) {
    return prefix + suffix;
  }

  String url() {
    return key(URL);
  }

  String secret() {
    return key(SECRET);
  }

  String secretFile() {
    return key(SECRET + ConfigKeys.FILE_SUFFIX);
  }

  String previousSecret() {
    return key(PREVIOUS_SECRET);
  }

  String previousSecretFile() {
    return key(PREVIOUS_SECRET + ConfigKeys.FILE_SUFFIX);
  }

  String events() {
    return key(EVENTS);
  }

  String accounts() {
    return key(ACCOUNTS);
  }

  String cloudflareSignature() {
    return key(CLOUDFLARE_SIGNATURE);
  }
}
