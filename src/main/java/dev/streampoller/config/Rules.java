package dev.streampoller.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reusable validation rules. Every method skips a null value: the loader passes null for a
 * value it could not parse, which has already been reported.
 */
final class Rules {
  private static final Pattern URL_USERINFO = Pattern.compile("//[^/@?#]*@");
  private static final Pattern URL_QUERY = Pattern.compile("\\?.*$");
  private static final Pattern JDBC_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  private Rules() {}

  static void positive(Problems p, String key, @Nullable Duration value) {
    if (value != null && (value.isZero() || value.isNegative())) {
      p.add(key, "must be positive, was " + value);
    }
  }

  static void atLeast(Problems p, String key, @Nullable Duration value, Duration min) {
    if (value != null && value.compareTo(min) < 0) {
      p.add(key, "must be at least " + min + ", was " + value);
    }
  }

  static void between(Problems p, String key, @Nullable Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      p.add(key, "must be between " + min + " and " + max + ", was " + value);
    }
  }

  static void notBlank(Problems p, String key, @Nullable String value) {
    if (value != null && value.isBlank()) {
      p.add(key, "must not be blank");
    }
  }

  /** An absolute http(s) URL with a host. */
  static void httpUrl(Problems p, String key, @Nullable URI value) {
    if (value == null) {
      return;
    }
    String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
    if (!value.isAbsolute() || value.getHost() == null || !scheme.matches("https?")) {
      p.add(
          key, "must be an absolute http or https URL, was '" + redactUrl(value.toString()) + "'");
    }
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
