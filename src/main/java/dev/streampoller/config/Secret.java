package dev.streampoller.config;

import java.util.Objects;

/**
 * A secret value (API token or key, webhook secret, database password) that never shows itself in
 * {@link #toString()}, so it cannot leak into a log line or an exception message by accident.
 * Callers that really need the value ask for it with {@link #reveal()}.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a non-blank secret value. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  /** The secret itself; never log or embed the result in a message. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "****";
  }
}
