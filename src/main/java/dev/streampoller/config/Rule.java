package dev.streampoller.config;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A rule of one value: it reports what is wrong with a value that was read. */
@FunctionalInterface
interface Rule<T> {
  void check(T value, Consumer<String> problem);

  Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
  Pattern URL_USERINFO = Pattern.compile("//[^/@?#]*@");
  Pattern URL_QUERY = Pattern.compile("\\?.*$");
  Pattern JDBC_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
  String EVENTS = String.join(", ", WebhookEndpointConfig.EVENT_TYPES);

  /** Fine when {@code ok}, else {@code message} says what is wrong. */
  static <T> Rule<T> of(Predicate<T> ok, Function<T, String> message) {
    return (value, problem) -> {
      if (!ok.test(value)) {
        problem.accept(message.apply(value));
      }
    };
  }

  static <T> Rule<T> none() {
    return (value, problem) -> {};
  }

  static Rule<Duration> positive() {
    return of(v -> !v.isZero() && !v.isNegative(), v -> "must be positive, was " + v);
  }

  static Rule<Duration> atLeast(Duration min) {
    return of(v -> v.compareTo(min) >= 0, v -> "must be at least " + min + ", was " + v);
  }

  static Rule<Integer> between(int min, int max) {
    return of(
        v -> v >= min && v <= max, v -> "must be between %d and %d, was %d".formatted(min, max, v));
  }

  static Rule<URI> httpUrl() {
    return of(
        ValueType::isWeb,
        v -> "must be an absolute http or https URL, was '" + redactUrl(v.toString()) + "'");
  }

  /** The API root: an http(s) URL without a query or fragment. */
  static Rule<URI> apiRoot() {
    Rule<URI> plain =
        of(
            v -> v.getRawQuery() == null && v.getFragment() == null,
            v -> "must not have a query or fragment");
    return (value, problem) -> {
      httpUrl().check(value, problem);
      plain.check(value, problem);
    };
  }

  static Rule<String> accountId() {
    return of(
        v -> ACCOUNT_ID.matcher(v).matches(),
        v -> "must be 1 to 32 letters or digits, was '" + v + "'");
  }

  static Rule<String> email() {
    return of(v -> v.contains("@"), v -> "must be an e-mail address, was '" + v + "'");
  }

  static Rule<String> jdbcUrl() {
    String prefix = DatabaseConfig.URL_PREFIX;
    return of(
        v -> v.startsWith(prefix),
        v -> "must start with " + prefix + ", was '" + redactJdbcUrl(v) + "'");
  }

  /** A Standard Webhooks secret, {@code whsec_<base64 of 24 to 64 bytes>}. */
  static Rule<Secret> webhookSecret() {
    return (secret, p) -> {
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
    };
  }

  static Rule<List<@Nullable String>> events() {
    return (events, p) ->
        events.stream()
            .filter(e -> !WebhookEndpointConfig.EVENT_TYPES.contains(e))
            .forEach(e -> p.accept("unknown event '" + e + "'; allowed: " + EVENTS));
  }

  /** {@code default} and/or {@code audio}, or {@code none} alone. */
  static Rule<List<@Nullable String>> downloadTypes() {
    return (types, p) -> {
      if (types.contains("none") && types.size() > 1) {
        p.accept("none means no downloads and stands alone, was '" + join(types) + "'");
      }
      types.stream()
          .filter(t -> t != null && !List.of("default", "audio", "none").contains(t))
          .forEach(
              t -> p.accept("unknown download type '" + t + "'; allowed: default, audio, none"));
      if (types.stream().distinct().count() < types.size()) {
        p.accept("lists a download type twice, was '" + join(types) + "'");
      }
    };
  }

  /** Text of at most {@code max} characters (a limit of the API). */
  static Rule<String> atMost(int max) {
    return of(
        v -> v.length() <= max, v -> "must be at most " + max + " characters, was " + v.length());
  }

  private static String join(List<@Nullable String> items) {
    return String.join(",", items.stream().map(String::valueOf).toList());
  }

  static Rule<List<@Nullable String>> accountIds() {
    return (accounts, p) ->
        accounts.stream()
            .filter(a -> a != null && !ACCOUNT_ID.matcher(a).matches())
            .forEach(
                a -> p.accept("account id must be 1 to 32 letters or digits, was '" + a + "'"));
  }

  /** Each delay positive; an item that did not parse (null) is skipped. */
  static Rule<List<@Nullable Duration>> delays() {
    return (delays, p) -> {
      for (int i = 0; i < delays.size(); i++) {
        Duration delay = delays.get(i);
        if (delay != null && (delay.isZero() || delay.isNegative())) {
          p.accept("delay " + (i + 1) + " must be positive, was " + delay);
        }
      }
    };
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
