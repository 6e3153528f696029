package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.DATABASE_POOL_SIZE;
import static dev.streampoller.config.ConfigKeys.DATABASE_URL;
import static dev.streampoller.config.ConfigKeys.DATABASE_USER;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
  public static final int DEFAULT_POOL_SIZE = 10;
  public static final int MIN_POOL_SIZE = 2;
  public static final int MAX_POOL_SIZE = 200;

  /** Validates every field; throws {@link ConfigException} listing all problems. */
  public DatabaseConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Problems problems = new Problems();
    validate(problems, url, user, poolSize);
    problems.throwIfAny(null);
  }

  /** A pool for {@code url} with no user, no password and the default size. */
  public static DatabaseConfig of(String url) {
    return new DatabaseConfig(url, Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE);
  }

  static void validate(
      Problems p, @Nullable String url, @Nullable Optional<String> user, @Nullable Integer size) {
    if (url != null && !url.startsWith(URL_PREFIX)) {
      p.add(
          DATABASE_URL,
          "must start with " + URL_PREFIX + ", was '" + Rules.redactJdbcUrl(url) + "'");
    }
    if (user != null) {
      user.ifPresent(u -> Rules.notBlank(p, DATABASE_USER, u));
    }
    Rules.between(p, DATABASE_POOL_SIZE, size, MIN_POOL_SIZE, MAX_POOL_SIZE);
  }

  /** Hides a password given as a URL parameter, as well as the password itself. */
  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + Rules.redactJdbcUrl(url)
        + ", user="
        + user
        + ", password="
        + password
        + ", poolSize="
        + poolSize
        + "]";
  }
}
