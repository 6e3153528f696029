package dev.streampoller.config;

import java.util.Optional;

/**
 * The PostgreSQL connection pool.
 *
 * @param url JDBC URL, {@code jdbc:postgresql:...}
 * @param user database user, when not given in the URL or by the driver's defaults
 * @param password database password, when needed
 * @param poolSize maximum connections in the pool
 */
public record DatabaseConfig(
    String url, Optional<String> user, Optional<Secret> password, int poolSize) {
  public static final String URL_PREFIX = "jdbc:postgresql:";

  /** Hides a password given as a URL parameter, as well as the password itself. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=%s, user=%s, password=%s, poolSize=%d]"
        .formatted(Rule.redactJdbcUrl(url), user, password, poolSize);
  }
}
