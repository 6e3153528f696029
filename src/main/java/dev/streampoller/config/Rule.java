package dev.streampoller.config;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
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

  /** No rule. */
  static <T> Rule<T> none() {
    return (value, problem) -> {};
  }

  /** This rule, then {@code next}. */
  default Rule<T> and(Rule<? super T> next) {
    return (value, problem) -> {
      check(value, problem);
      next.check(value, problem);
    };
  }

  static Rule<Duration> positive() {
    return (value, p) -> {
      if (value.isZero() || value.isNegative()) {
        p.accept("must be positive, was " + value);
      }
    };
  }

  static Rule<Duration> atLeast(Duration min) {
    return (value, p) -> {
      if (value.compareTo(min) < 0) {
        p.accept("must be at least " + min + ", was " + value);
      }
    };
  }

  static Rule<Integer> between(int min, int max) {
    return (value, p) -> {
      if (value < min || value > max) {
        p.accept("must be between " + min + " and " + max + ", was " + value);
      }
    };
  }

  /** An absolute http(s) URL with a host. */
  static Rule<URI> httpUrl() {
    return (value, p) -> {
      String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
      if (!value.isAbsolute() || value.getHost() == null || !scheme.matches("https?")) {
        p.accept(
            "must be an absolute http or https URL, was '" + redactUrl(value.toString()) + "'");
      }
    };
  }

  static Rule<URI> noQuery() {
    return (value, p) -> {
      if (value.getRawQuery() != null || value.getFragment() != null) {
        p.accept("must not have a query or fragment");
      }
    };
  }

  static Rule<String> accountId() {
    return (value, p) -> {
      if (!ACCOUNT_ID.matcher(value).matches()) {
        p.accept("must be 1 to 32 letters or digits, was '" + value + "'");
      }
    };
  }

  static Rule<String> email() {
    return (value, p) -> {
      if (!value.contains("@")) {
        p.accept("must be an e-mail address, was '" + value + "'");
      }
    };
  }

  static Rule<String> jdbcUrl() {
    return (value, p) -> {
      if (!value.startsWith(DatabaseConfig.URL_PREFIX)) {
        p.accept(
            "must start with "
                + DatabaseConfig.URL_PREFIX
                + ", was '"
                + redactJdbcUrl(value)
                + "'");
      }
    };
  }

  /**
   * A Standard Webhooks secret, {@code whsec_<base64 of 24 to 64 bytes>}; shape only in messages.
   */
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
    String allowed = String.join(", ", WebhookEndpointConfig.EVENT_TYPES);
    return (events, p) -> {
      if (events.isEmpty()) {
        p.accept("must list at least one of " + allowed);
      }
      for (String event : events) {
        if (!WebhookEndpointConfig.EVENT_TYPES.contains(event)) {
          p.accept("unknown event '" + event + "'; allowed: " + allowed);
        }
      }
    };
  }

  static Rule<List<@Nullable String>> accountIds() {
    return (accounts, p) -> {
      for (String account : accounts) {
        if (account != null && !ACCOUNT_ID.matcher(account).matches()) {
          p.accept("account id must be 1 to 32 letters or digits, was '" + account + "'");
        }
      }
    };
  }

  /** At least one delay, each positive; an item that did not parse (null) is skipped. */
  static Rule<List<@Nullable Duration>> delays() {
    return (delays, p) -> {
      if (delays.isEmpty()) {
        p.accept("must list at least one delay");
      }
      for (int i = 0; i < delays.size(); i++) {
        Duration delay = delays.get(i);
        if (delay != null && (delay.isZero() || delay.isNegative())) {
          p.accept("delay " + (i + 1) + " must be positive, was " + delay);
        }
      }
    };
  }

  /**
   * An http(s) URL as it may be shown: user info and query hidden, because webhook receivers often
   * take a token there.
   */
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
