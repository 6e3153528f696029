package dev.streampoller.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** How a key's text becomes a value: every problem reported (never a secret), null if unusable. */
@FunctionalInterface
interface ValueType<T> {
  @Nullable T parse(String text, Consumer<String> problem);

  ValueType<Duration> DURATION =
      of("an ISO-8601 duration such as PT5S", Duration::parse, Function.identity());
  ValueType<java.time.Instant> INSTANT =
      of(
          "an ISO-8601 time such as 2026-01-01T00:00:00Z",
          t -> java.time.OffsetDateTime.parse(t).toInstant(),
          Function.identity());
  ValueType<Integer> INTEGER = of("an integer", Integer::valueOf, Function.identity());
  ValueType<URI> URL = of("a URL", URI::create, Rule::redactUrl);
  // Paths are appended to the API root as root + "/accounts/...".
  ValueType<URI> API_ROOT = webUrl(u -> URI.create(u.toString().replaceAll("/+$", "")));
  // Receivers compare URLs as text: HTTPS://h/x is the same receiver as https://h/x.
  ValueType<URI> RECEIVER_URL =
      webUrl(
          u ->
              URI.create(
                  u.getScheme().toLowerCase(Locale.ROOT)
                      + u.toString().substring(u.getScheme().length())));
  ValueType<String> TEXT = (text, problem) -> text;
  ValueType<Secret> SECRET = (text, problem) -> Secret.of(text);
  // Boolean.parseBoolean would read any typo as false.
  ValueType<Boolean> BOOLEAN = of("true or false", ValueType::parseBoolean, Function.identity());
  ValueType<List<@Nullable String>> TEXTS = listOf(TEXT);
  ValueType<List<@Nullable Duration>> DURATIONS = listOf(DURATION);
  ValueType<OpsConfig> LISTEN_ADDRESS = ValueType::listenAddress;

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
      return values;
    };
  }

  static boolean isWeb(URI url) {
    return url.getHost() != null
        && url.getScheme() != null
        && url.getScheme().matches("(?i)https?");
  }

  /** A URL; one that is web, the only kind its rule accepts, is normalized. */
  private static ValueType<URI> webUrl(UnaryOperator<URI> normalize) {
    return (text, problem) -> {
      URI url = URL.parse(text, problem);
      return url != null && isWeb(url) ? normalize.apply(url) : url;
    };
  }

  private static Boolean parseBoolean(String text) {
    if (!text.matches("(?i)true|false")) {
      throw new IllegalArgumentException("not a boolean");
    }
    return text.equalsIgnoreCase("true");
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
}
