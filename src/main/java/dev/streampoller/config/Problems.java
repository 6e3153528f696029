package dev.streampoller.config;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects configuration problems so that all of them are reported at once. Not thread-safe. */
final class Problems {
  private record Problem(String key, String message) {}

  private final List<Problem> found = new ArrayList<>();

  void add(String key, String message) {
    found.add(new Problem(key, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Each problem as {@code key: message (source)}, or without the suffix when source is null. */
  List<String> format(@Nullable String source) {
    String suffix = source == null ? "" : " (" + source + ")";
    return found.stream().map(p -> p.key() + ": " + p.message() + suffix).toList();
  }

  void throwIfAny(@Nullable String source) {
    if (!found.isEmpty()) {
      throw new ConfigException(format(source));
    }
  }
}
