package dev.streampoller.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so that all of them are reported at once. Not thread-safe. */
final class Problems {
  private final List<String> found = new ArrayList<>();

  /** A problem of {@code key} (a setting: its global key); with {@code args}, a format. */
  void add(Object key, String message, Object... args) {
    found.add(key + ": " + (args.length == 0 ? message : message.formatted(args)));
  }

  /** Throws every problem found, each as {@code key: message (source)}. */
  void throwIfAny(String source) {
    if (!found.isEmpty()) {
      throw new ConfigException(found.stream().map(p -> p + " (" + source + ")").toList());
    }
  }
}
