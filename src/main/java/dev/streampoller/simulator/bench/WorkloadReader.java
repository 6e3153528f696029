package dev.streampoller.simulator.bench;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of one workload file that collect every problem instead of stopping at the first, so
 * a user fixes a file in one go. Each problem names the key and the file. Not thread-safe.
 */
final class WorkloadReader {
  private final Properties properties;
  private final String source;
  private final Set<String> used = new HashSet<>();
  private final List<String> problems = new ArrayList<>();

  WorkloadReader(Properties properties, String source) {
    this.properties = properties;
    this.source = source;
  }

  Optional<String> string(String key) {
    used.add(key);
    String value = properties.getProperty(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  @Nullable String required(String key) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      problem(key, "is required");
    }
    return value.orElse(null);
  }

  /** One of {@code choices}, lower-case; null (after recording a problem) when bad or missing. */
  @Nullable String choice(String key, List<String> choices) {
    String value = required(key);
    if (value == null) {
      return null;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!choices.contains(lower)) {
      problem(key, "must be one of " + String.join(", ", choices) + ", was '" + value + "'");
      return null;
    }
    return lower;
  }

  long longValue(String key, long min, long max, @Nullable Long fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return missing(key, fallback, min);
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the limits
    }
    problem(key, "must be an integer within " + min + ".." + max + ", was '" + value.get() + "'");
    return min;
  }

  double doubleValue(String key, double min, double max, @Nullable Double fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return missing(key, fallback, min);
    }
    try {
      double parsed = Double.parseDouble(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the limits
    }
    problem(key, "must be a number within " + min + ".." + max + ", was '" + value.get() + "'");
    return min;
  }

  /** A positive ISO-8601 duration ({@code PT6M}), or zero when {@code allowZero}. */
  Duration duration(String key, @Nullable Duration fallback, boolean allowZero) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return missing(key, fallback, Duration.ofSeconds(1));
    }
    try {
      Duration parsed = Duration.parse(value.get());
      if (!parsed.isNegative() && (allowZero || !parsed.isZero())) {
        return parsed;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problem(
        key,
        "must be a "
            + (allowZero ? "non-negative" : "positive")
            + " ISO-8601 duration such as PT6M, was '"
            + value.get()
            + "'");
    return Duration.ofSeconds(1);
  }

  /** Rejects {@code key} when present: it has no effect with the other values given. */
  void unused(String key, String why) {
    if (string(key).isPresent()) {
      problem(key, "has no effect " + why);
    }
  }

  void problem(String key, String message) {
    problems.add(key + ": " + message + " (" + source + ")");
  }

  /** Throws every problem found, and one for each key that nothing read (a typo, usually). */
  void finish() {
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!used.contains(key)) {
        problem(key, "unknown key");
      }
    }
    if (!problems.isEmpty()) {
      throw WorkloadException.invalid(problems);
    }
  }

  private <T> T missing(String key, @Nullable T fallback, T placeholder) {
    if (fallback != null) {
      return fallback;
    }
    problem(key, "is required");
    return placeholder;
  }
}
