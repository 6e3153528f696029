package dev.streampoller.cloudflare;

import java.util.List;
import java.util.Objects;

/** Makes failure details safe to log: one line, bounded, with known secrets masked. */
final class Details {
  static final int MAX_LENGTH = 300;

  private final List<String> secrets;

  Details(List<String> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** Masks every occurrence of a secret, e.g. a token echoed back by a proxy. */
  String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, "****");
    }
    return bound(result);
  }

  /** One line of at most {@link #MAX_LENGTH} characters. */
  static String bound(String detail) {
    Objects.requireNonNull(detail, "detail");
    String line = detail.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
  }
}
