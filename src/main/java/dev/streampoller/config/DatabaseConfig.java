package dev.streampoller.config;

import java.util.Objects;
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

  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /** Hides a password given as a URL parameter, as well as the password itself. */
  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + Rule.redactJdbcUrl(url)
        + ", user="
        + user
        + ", password="
        + password
        + ", poolSize="
        + poolSize
        + "]";
  }
}
