package dev.streampoller.cli;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.CredentialCheck;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigException;
import dev.streampoller.db.Database;
import dev.streampoller.db.Migrations;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code check}: what {@code run} needs, verified one by one without starting anything. Every check
 * is reported; the exit code is the first failure's: 78 configuration or schema, 69 database or API
 * unreachable, 77 credential refused.
 *
 * <p>For each account the credential is verified, then one Stream request proves it may do what
 * polling does (<i>Stream Read</i>): it takes one token of the credential's budget, as every
 * request does, when the database is usable, and is not sent while the account is rate limited.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Validate the configuration, connect to the database and check its schema, and verify each"
            + " Cloudflare credential and its Stream Read permission; exit 0 when all pass (78 config"
            + " or schema, 69 unreachable,"
            + " 77 credential refused).")
final class CheckCommand implements Callable<Integer> {
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
    try (OperatorSession session = OperatorSession.open(loaded, config.clock(), "check")) {
      Optional<Database> database =
          checkDatabase(session) ? Optional.of(session.database()) : Optional.empty();
      StreamAccessCheck stream = new StreamAccessCheck(session.clock(), database, this::report);
      for (AccountConfig account : loaded.cloudflare().accounts()) {
        if (checkCredential(session, account, stream)) {
          stream.check(loaded, account);
        }
        if (account.autoTrack().enabled()) {
          // What auto-track did so far; its state is information, not a failed check.
          report(
              true,
              "auto-track of account " + account.accountId(),
              DiscoveryReport.describe(
                  account, database.flatMap(db -> DiscoveryReport.find(db, account.accountId()))),
              ExitCodes.OK);
        }
      }
    }
    return exitCode;
  }

  /** Whether the database answered and its schema is up to date (reported either way). */
  private boolean checkDatabase(OperatorSession session) {
    try {
      int pending = Migrations.pendingCount(session.dataSource());
      if (pending == 0) {
        report(true, "database", "reachable, schema up to date", ExitCodes.OK);
      } else {
        report(
            false,
            "database",
            "reachable, " + pending + " migration(s) pending: run `stream-poller migrate`",
            ExitCodes.CONFIG);
      }
      return pending == 0;
    } catch (FlywayException | IllegalStateException e) {
      report(false, "database", "unreachable: " + firstLine(e), ExitCodes.UNAVAILABLE);
      return false;
    }
  }

  /** Whether the credential was accepted (then its Stream access is checked too). */
  private boolean checkCredential(
      OperatorSession session, AccountConfig account, StreamAccessCheck budget) {
    String what =
        "cloudflare account " + account.accountId() + " (" + account.credential().label() + ")";
    Optional<String> refused = budget.spend(account);
    if (refused.isPresent()) {
      report(false, what, refused.get(), ExitCodes.UNAVAILABLE);
      return false;
    }
    try (CloudflareClient client =
        ApiClients.forAccount(session.config(), account, session.clock())) {
      CredentialCheck result = client.verifyCredential(Optional.of(account.accountId()));
      if (result instanceof CredentialCheck.Valid valid) {
        report(true, what, "credential accepted (" + valid.status() + ")", ExitCodes.OK);
        return true;
      } else if (result instanceof CredentialCheck.Rejected rejected) {
        report(
            false,
            what,
            "Cloudflare refused the credential ("
                + (rejected.detail().startsWith("HTTP ")
                    ? ApiFailures.why(rejected.detail())
                    : "HTTP " + rejected.httpStatus() + ", " + rejected.detail())
                + ")",
            ExitCodes.NO_PERMISSION);
      } else if (result instanceof CredentialCheck.Inconclusive unknown) {
        report(
            false,
            what,
            "could not be checked (" + ApiFailures.why(unknown.detail()) + ")",
            ExitCodes.UNAVAILABLE);
      }
      return false;
    }
  }

  void report(boolean ok, String what, String detail, int failureCode) {
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
