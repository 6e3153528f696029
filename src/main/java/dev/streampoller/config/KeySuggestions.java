package dev.streampoller.config;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Suggests the known key nearest to a misspelt one. */
final class KeySuggestions {
  private KeySuggestions() {}

  /** The name of {@code names} nearest to {@code unknown}, if near enough to be a likely typo. */
  static Optional<String> nearest(List<String> names, String unknown) {
    int limit = Math.max(3, unknown.length() / 3);
    return names.stream()
        .min(Comparator.comparingInt(name -> distance(name, unknown)))
        .filter(name -> distance(name, unknown) <= limit);
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
