package dev.streampoller.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.CredentialCheck;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigException;
import dev.streampoller.db.DataSources;
import dev.streampoller.db.Migrations;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check}: what {@code run} needs, verified one by one without starting anything. Every check
 * is reported; the exit code is the first failure's: 78 configuration or schema, 69 database or API
 * unreachable, 77 credential refused.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Validate the configuration, connect to the database and check its schema, and verify each"
            + " Cloudflare credential; exit 0 when all pass (78 config or schema, 69 unreachable,"
            + " 77 credential refused).")
final class CheckCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin ConfigOption config;

  private int exitCode = ExitCodes.OK;

  @Override
  public Integer call() {
    AppConfig loaded;
    try {
      loaded = config.load();
      report(true, "configuration " + config.path(), "valid", ExitCodes.OK);
    } catch (ConfigException e) {
      report(false, "configuration " + config.path(), "invalid", ExitCodes.CONFIG);
      e.problems().forEach(problem -> System.out.println("      " + problem));
      return exitCode;
    }
    checkDatabase(loaded);
    for (AccountConfig account : loaded.cloudflare().accounts()) {
      checkCredential(loaded, account);
    }
    return exitCode;
  }

  private void checkDatabase(AppConfig loaded) {
    try (HikariDataSource dataSource = DataSources.create(loaded.database(), "check")) {
      int pending = Migrations.pendingCount(dataSource);
      if (pending == 0) {
        report(true, "database", "reachable, schema up to date", ExitCodes.OK);
      } else {
        report(
            false,
            "database",
            "reachable, " + pending + " migration(s) pending: run `stream-poller migrate`",
            ExitCodes.CONFIG);
      }
    } catch (FlywayException | IllegalStateException e) {
      report(false, "database", "unreachable: " + firstLine(e), ExitCodes.UNAVAILABLE);
    }
  }

  private void checkCredential(AppConfig loaded, AccountConfig account) {
    String what =
        "cloudflare account " + account.accountId() + " (" + account.credential().label() + ")";
    try (CloudflareClient client = ApiClients.forAccount(loaded, account, main.clock)) {
      CredentialCheck result = client.verifyCredential(Optional.of(account.accountId()));
      if (result instanceof CredentialCheck.Valid valid) {
        report(true, what, "credential accepted (" + valid.status() + ")", ExitCodes.OK);
      } else if (result instanceof CredentialCheck.Rejected rejected) {
        report(false, what, "credential refused: " + rejected.detail(), ExitCodes.NO_PERMISSION);
      } else if (result instanceof CredentialCheck.Inconclusive unknown) {
        report(false, what, "could not be checked: " + unknown.detail(), ExitCodes.UNAVAILABLE);
      }
    }
  }

  private void report(boolean ok, String what, String detail, int failureCode) {
    System.out.printf("%s %s: %s%n", ok ? "[ok]  " : "[FAIL]", what, detail);
    if (!ok && exitCode == ExitCodes.OK) {
      exitCode = failureCode;
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return message.lines().findFirst().orElse("")
        + (root == e ? "" : " (" + root.getMessage() + ")");
  }
}
