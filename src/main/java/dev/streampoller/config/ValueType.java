package dev.streampoller.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a key's text becomes a value, and the rules that value must keep: every problem reported
 * (never a secret). A value that breaks a rule is still returned, so cross-key rules can compare
 * with it; null when the text is unusable.
 */
@FunctionalInterface
interface ValueType<T> {
  @Nullable T parse(String text, Consumer<String> problem);

  Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
  Pattern URL_USERINFO = Pattern.compile("//[^/@?#]*@");
  Pattern URL_QUERY = Pattern.compile("\\?.*$");
  Pattern JDBC_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  ValueType<Duration> DURATION =
      of("an ISO-8601 duration such as PT5S", Duration::parse, Function.identity());
  ValueType<java.time.Instant> INSTANT =
      of(
          "an ISO-8601 time such as 2026-01-01T00:00:00Z",
          t -> java.time.OffsetDateTime.parse(t).toInstant(),
          Function.identity());
  ValueType<Integer> INTEGER = of("an integer", Integer::valueOf, Function.identity());
  ValueType<URI> URL = of("a URL", URI::create, ValueType::redactUrl);
  ValueType<String> TEXT = (text, problem) -> text;
  ValueType<Secret> SECRET = (text, problem) -> Secret.of(text);
  // Boolean.parseBoolean would read any typo as false.
  ValueType<Boolean> BOOLEAN = of("true or false", ValueType::parseBoolean, Function.identity());
  ValueType<OpsConfig> LISTEN_ADDRESS = ValueType::listenAddress;
  ValueType<Duration> POSITIVE =
      DURATION.and(v -> !v.isZero() && !v.isNegative(), v -> "must be positive, was " + v);
  // Paths are appended to the API root as root + "/accounts/...".
  ValueType<URI> API_ROOT =
      webUrl(u -> URI.create(u.toString().replaceAll("/+$", "")))
          .and(
              v -> v.getRawQuery() == null && v.getFragment() == null,
              v -> "must not have a query or fragment");
  // Receivers compare URLs as text: HTTPS://h/x is the same receiver as https://h/x.
  ValueType<URI> RECEIVER_URL =
      webUrl(
          u ->
              URI.create(
                  u.getScheme().toLowerCase(Locale.ROOT)
                      + u.toString().substring(u.getScheme().length())));
  ValueType<String> ACCOUNT_ID_TEXT =
      TEXT.and(
          v -> ACCOUNT_ID.matcher(v).matches(),
          v -> "must be 1 to 32 letters or digits, was '" + v + "'");
  ValueType<String> EMAIL =
      TEXT.and(v -> v.contains("@"), v -> "must be an e-mail address, was '" + v + "'");
  ValueType<String> JDBC_URL =
      TEXT.and(
          v -> v.startsWith(DatabaseConfig.URL_PREFIX),
          v -> "must start with " + DatabaseConfig.URL_PREFIX + ", was '" + redactJdbcUrl(v) + "'");
  ValueType<Secret> WEBHOOK_SECRET = SECRET.check(ValueType::checkWebhookSecret);
  ValueType<List<@Nullable String>> EVENTS =
      listOf(TEXT).check((e, p) -> oneOf(e, "event", WebhookEndpointConfig.EVENT_TYPES, p));
  ValueType<List<@Nullable String>> DOWNLOAD_TYPES =
      listOf(TEXT).check(ValueType::checkDownloadTypes);
  ValueType<List<@Nullable String>> ACCOUNT_IDS =
      listOf(TEXT)
          .check(
              (ids, p) ->
                  ids.forEach(id -> ACCOUNT_ID_TEXT.parse(id, m -> p.accept("account id " + m))));
  ValueType<List<@Nullable Duration>> DELAYS = listOf(DURATION).check(ValueType::checkDelays);

  /** This type with a rule: a value that breaks it is reported (and still returned). */
  default ValueType<T> check(BiConsumer<T, Consumer<String>> rule) {
    return (text, problem) -> {
      T value = parse(text, problem);
      if (value != null) {
        rule.accept(value, problem);
      }
      return value;
    };
  }

  /** This type with a rule: fine when {@code ok}, else {@code message} says what is wrong. */
  default ValueType<T> and(Predicate<T> ok, Function<T, String> message) {
    return check(
        (value, problem) -> {
          if (!ok.test(value)) {
            problem.accept(message.apply(value));
          }
        });
  }

  /** A type whose parser throws on bad text: "must be {@code expected}, was '{@code shown}'". */
  static <T> ValueType<T> of(
      String expected, Function<String, T> parse, Function<String, String> display) {
    return (text, problem) -> {
      try {
        return parse.apply(text);
      } catch (RuntimeException e) {
        problem.accept("must be " + expected + ", was '" + display.apply(text) + "'");
        return null;
      }
    };
  }

  /** A comma-separated list; an item that does not parse is reported by position, null. */
  static <T> ValueType<List<@Nullable T>> listOf(ValueType<T> item) {
    return (text, problem) -> {
      String[] parts = text.split(",", -1);
      List<@Nullable T> values = new ArrayList<>(parts.length);
      for (int i = 0; i < parts.length; i++) {
        String position = "item " + (i + 1) + " ";
        values.add(item.parse(parts[i].strip(), m -> problem.accept(position + m)));
      }
      return Collections.unmodifiableList(values);
    };
  }

  static ValueType<Duration> atLeast(Duration min) {
    return DURATION.and(v -> v.compareTo(min) >= 0, v -> "must be at least " + min + ", was " + v);
  }

  static ValueType<Integer> between(int min, int max) {
    return INTEGER.and(
        v -> v >= min && v <= max, v -> "must be between %d and %d, was %d".formatted(min, max, v));
  }

  /** Text of at most {@code max} characters (a limit of the API). */
  static ValueType<String> atMost(int max) {
    return TEXT.and(
        v -> v.length() <= max, v -> "must be at most " + max + " characters, was " + v.length());
  }

  /** An absolute http(s) URL, normalized; any other URL is reported as it is. */
  private static ValueType<URI> webUrl(UnaryOperator<URI> normalize) {
    ValueType<URI> url =
        (text, problem) -> {
          URI value = URL.parse(text, problem);
          return value != null && isWeb(value) ? normalize.apply(value) : value;
        };
    return url.and(
        ValueType::isWeb,
        v -> "must be an absolute http or https URL, was '" + redactUrl(v.toString()) + "'");
  }

  private static boolean isWeb(URI url) {
    return url.getHost() != null
        && url.getScheme() != null
        && url.getScheme().matches("(?i)https?");
  }

  private static Boolean parseBoolean(String text) {
    if (!text.matches("(?i)true|false")) {
      throw new IllegalArgumentException("not a boolean");
    }
    return text.equalsIgnoreCase("true");
  }

  /** A Standard Webhooks secret, {@code whsec_<base64 of 24 to 64 bytes>}. */
  private static void checkWebhookSecret(Secret secret, Consumer<String> p) {
    String value = secret.reveal();
    if (!value.startsWith("whsec_")) {
      p.accept("must start with whsec_ (value hidden)");
      return;
    }
    try {
      int bytes = Base64.getDecoder().decode(value.substring(6)).length;
      if (bytes < 24 || bytes > 64) {
        p.accept("must decode to 24 to 64 bytes, decoded to " + bytes + " (value hidden)");
      }
    } catch (IllegalArgumentException e) {
      p.accept("must be whsec_ followed by base64 (value hidden)");
    }
  }

  /** Each item one of {@code allowed}: "unknown {@code what} 'x'; allowed: a, b". */
  private static void oneOf(
      List<@Nullable String> items, String what, List<String> allowed, Consumer<String> p) {
    items.stream()
        .filter(i -> i != null && !allowed.contains(i))
        .forEach(
            i ->
                p.accept(
                    "unknown %s '%s'; allowed: %s".formatted(what, i, String.join(", ", allowed))));
  }

  /** Each delay positive; an item that did not parse (null) is skipped. */
  private static void checkDelays(List<@Nullable Duration> delays, Consumer<String> p) {
    for (int i = 0; i < delays.size(); i++) {
      Duration delay = delays.get(i);
      if (delay != null && (delay.isZero() || delay.isNegative())) {
        p.accept("delay " + (i + 1) + " must be positive, was " + delay);
      }
    }
  }

  /** {@code default} and/or {@code audio}, or {@code none} alone. */
  private static void checkDownloadTypes(List<@Nullable String> types, Consumer<String> p) {
    String joined = String.join(",", types.stream().map(String::valueOf).toList());
    if (types.contains("none") && types.size() > 1) {
      p.accept("none means no downloads and stands alone, was '" + joined + "'");
    }
    oneOf(types, "download type", List.of("default", "audio", "none"), p);
    if (types.stream().distinct().count() < types.size()) {
      p.accept("lists a download type twice, was '" + joined + "'");
    }
  }

  /** {@code host:port}, {@code [v6-address]:port} or {@code off}, unresolved. */
  private static @Nullable OpsConfig listenAddress(String text, Consumer<String> problem) {
    if (text.toLowerCase(Locale.ROOT).equals(OpsConfig.OFF)) {
      return new OpsConfig(Optional.empty());
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      problem.accept("must be host:port or " + OpsConfig.OFF + ", was '" + text + "'");
      return null;
    }
    String host = text.substring(0, colon).strip();
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    host = bracketed ? host.substring(1, host.length() - 1) : host;
    List<String> bad = new ArrayList<>();
    if (!bracketed && host.contains(":")) {
      bad.add("an IPv6 address must be in brackets, was '" + text + "'");
    } else if (host.isBlank()) {
      bad.add("host must not be empty");
    } else if (host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      bad.add("host must not contain blanks, was '" + host + "'");
    }
    Integer port = INTEGER.parse(text.substring(colon + 1).strip(), m -> {});
    if (port == null) {
      bad.add("port must be an integer, was '" + text + "'");
    } else if (port < 1 || port > 65535) {
      bad.add("port must be between 1 and 65535, was " + port);
    }
    bad.forEach(problem);
    return bad.isEmpty() && port != null
        ? new OpsConfig(Optional.of(InetSocketAddress.createUnresolved(host, port)))
        : null;
  }

  /** An http(s) URL as it may be shown: user info and query hidden (receivers take tokens). */
  static String redactUrl(String url) {
    String noUser = URL_USERINFO.matcher(url).replaceFirst("//****@");
    return URL_QUERY.matcher(noUser).replaceFirst("?****");
  }

  /** A JDBC URL as it may be shown: user info and {@code password=} parameters hidden. */
  static String redactJdbcUrl(String url) {
    String noUser = URL_USERINFO.matcher(url).replaceFirst("//****@");
    return JDBC_PASSWORD.matcher(noUser).replaceAll("$1****");
  }
}
