package dev.streampoller.config;

/**
 * A secret value (API token or key, webhook secret, database password) that never shows itself in
 * {@link #toString()}, so it cannot leak into a log line or an exception message by accident.
 * Callers that really need the value ask for it with {@link #reveal()}.
 *
 * @param reveal the secret itself, never blank; never log it or embed it in a message
 */
public record Secret(String reveal) {
  public Secret {
    if (reveal.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
  }

  /** Wraps a non-blank secret value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  @Override
  public String toString() {
    return "****";
  }
}
