package dev.streampoller.config;

import java.util.Optional;

/** The PostgreSQL connection pool: the {@code database.*} keys. */
public record DatabaseConfig(
    String url, Optional<String> user, Optional<Secret> password, int poolSize) {
  public static final String URL_PREFIX = "jdbc:postgresql:";

  /** Hides a password given as a URL parameter, as well as the password itself. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=%s, user=%s, password=%s, poolSize=%d]"
        .formatted(ValueType.redactJdbcUrl(url), user, password, poolSize);
  }
}
