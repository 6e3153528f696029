package dev.streampoller.cli;

import dev.streampoller.db.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code migrate}: applies the Flyway migrations. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Create or upgrade the database schema (safe to run repeatedly).")
final class MigrateCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    try (OperatorSession session = config.open("migrate")) {
      var result = Migrations.migrate(session.dataSource());
      System.out.printf(
          "Schema at version %s (%d migration(s) applied)%n",
          result.targetSchemaVersion == null
              ? result.initialSchemaVersion
              : result.targetSchemaVersion,
          result.migrationsExecuted);
      return ExitCodes.OK;
    }
  }
}
