package dev.streampoller.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Gives tests a real, migrated PostgreSQL, chosen once per test JVM in this order:
 *
 * <ol>
 *   <li>{@code STREAM_POLLER_TEST_DB_URL} (a JDBC URL; the database is cleaned and migrated, so
 *       point it at a database that exists only for tests);
 *   <li>Testcontainers, when a Docker engine answers;
 *   <li>zonky embedded PostgreSQL (needs no installation; refuses to run as root).
 * </ol>
 *
 * Every table is emptied before each test. Resolves {@link Database} and {@link DataSource}
 * parameters.
 */
public final class PostgresExtension implements BeforeEachCallback, ParameterResolver {
  public static final String URL_VARIABLE = "STREAM_POLLER_TEST_DB_URL";

  private static final String TRUNCATE_ALL =
      """
      TRUNCATE discovery, tracked_video, download_state, download_transition, webhook_delivery,
               cloudflare_account, request_budget, webhook_endpoint, qrtz_fired_triggers, qrtz_simple_triggers, qrtz_cron_triggers,
               qrtz_simprop_triggers, qrtz_blob_triggers, qrtz_triggers, qrtz_job_details,
               qrtz_paused_trigger_grps, qrtz_locks, qrtz_scheduler_state, qrtz_calendars CASCADE
      """;

  private static final String DEADLOCK_DETECTED = "40P01";
  private static final int TRUNCATE_ATTEMPTS = 5;

  private static HikariDataSource shared;
  private static String sharedUrl;

  /** The shared, migrated test database (started on first use). */
  public static synchronized HikariDataSource dataSource() {
    if (shared == null) {
      shared = pool(startDatabase());
      Flyway flyway =
          Flyway.configure()
              .dataSource(shared)
              .locations("classpath:db/migration")
              .cleanDisabled(false)
              .load();
      flyway.clean();
      flyway.migrate();
    }
    return shared;
  }

  /** The JDBC URL of the shared test database, for code that builds its own pool. */
  public static synchronized String jdbcUrl() {
    dataSource();
    return sharedUrl;
  }

  private static String startDatabase() {
    String fromEnvironment = System.getenv(URL_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
      return container.getJdbcUrl()
          + "&user="
          + container.getUsername()
          + "&password="
          + container.getPassword();
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
      return embedded.getJdbcUrl("postgres", "postgres");
    } catch (IOException e) {
      throw new IllegalStateException(
          "no test database: set "
              + URL_VARIABLE
              + ", start Docker, or run as a non-root user "
              + "so embedded PostgreSQL can start",
          e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static HikariDataSource pool(String url) {
    sharedUrl = url;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(12);
    config.setPoolName("test-db");
    return new HikariDataSource(config);
  }

  private static void closeQuietly(EmbeddedPostgres embedded) {
    try {
      embedded.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }

  /**
   * Empties every table. A daemon of the previous test may still be finishing a transaction (its
   * Quartz threads stop asynchronously): TRUNCATE then waits for it, or PostgreSQL breaks a
   * deadlock between the two by aborting one of them. A TRUNCATE chosen as the victim is tried
   * again.
   */
  public static void truncateAll() {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute(TRUNCATE_ALL);
        return;
      } catch (SQLException e) {
        if (!DEADLOCK_DETECTED.equals(e.getSQLState()) || attempt == TRUNCATE_ATTEMPTS) {
          throw new IllegalStateException("could not clean the test database", e);
        }
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    truncateAll();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Database.class || type == DataSource.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Database.class ? new Database(dataSource()) : dataSource();
  }
}
