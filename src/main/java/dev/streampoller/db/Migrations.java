package dev.streampoller.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations in {@code db/migration}, the only DDL of the project. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /** Migrates the schema to the latest version; safe to run concurrently from several instances. */
  public static MigrateResult migrate(DataSource dataSource) {
    MigrateResult result = flyway(dataSource).migrate();
    LOG.info(
        "Database schema at version {} ({} migration(s) applied)",
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
        result.migrationsExecuted);
    return result;
  }

  /**
   * The pending migration count, without applying any; used by {@code run} to refuse an old schema.
   */
  public static int pendingCount(DataSource dataSource) {
    return flyway(dataSource).info().pending().length;
  }

  static Flyway flyway(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations(LOCATION).load();
  }
}
