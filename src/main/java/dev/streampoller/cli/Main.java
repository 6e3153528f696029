package dev.streampoller.cli;

import dev.streampoller.config.ConfigException;
import dev.streampoller.db.DatabaseException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code stream-poller <command>}: the entry point of the jar. */
@Command(
    name = "stream-poller",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Polls Cloudflare Stream downloads, records every transition in PostgreSQL "
            + "and delivers signed webhooks when a download becomes ready or error.",
    subcommands = {
      RunCommand.class,
      MigrateCommand.class,
      TrackCommand.class,
      UntrackCommand.class,
      StatusCommand.class,
      DeliveriesCommand.class,
      HistoryCommand.class,
      StatsCommand.class,
      CheckCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  static {
    // Must run before the first logger exists: the one setting that switches logs to JSON lines.
    if ("json".equalsIgnoreCase(System.getenv("STREAM_POLLER_LOG_FORMAT"))
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** The only place the system clock is read; everything else receives it. */
  final Clock clock;

  Main(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(execute(Clock.systemUTC(), args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  static int execute(Clock clock, String... args) {
    return commandLine(clock).execute(args);
  }

  static CommandLine commandLine(Clock clock) {
    CommandLine cli = new CommandLine(new Main(clock));
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler(Main::handle);
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "a command is required (see --help)");
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println(e.getMessage());
    // picocli reports a missing parameter before an unknown one; name both, or `track --bogus`
    // would only say that a UID is missing.
    List<String> unmatched =
        cmd.getParseResult() == null ? List.of() : cmd.getParseResult().unmatched();
    if (!(e instanceof CommandLine.UnmatchedArgumentException) && !unmatched.isEmpty()) {
      cmd.getErr().println("Unknown option or argument: '" + String.join("', '", unmatched) + "'");
    }
    cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    return ExitCodes.USAGE;
  }

  private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof ConfigException config) {
      err.println("Configuration invalid; nothing was started:");
      config.problems().forEach(problem -> err.println("  - " + problem));
      return ExitCodes.CONFIG;
    }
    if (e instanceof CliException cli) {
      err.println(cli.getMessage());
      return cli.exitCode();
    }
    if (e instanceof DatabaseException db && undefinedTable(db)) {
      err.println("The database has no stream-poller schema yet: run `stream-poller migrate`.");
      return ExitCodes.CONFIG;
    }
    if (e instanceof DatabaseException db) {
      err.println("Database unavailable: " + db.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof java.io.UncheckedIOException io) {
      err.println("Unavailable: " + io.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof FlywayException flyway) {
      err.println(
          "Database unavailable or migration failed: "
              + flyway.getMessage().lines().findFirst().orElse("")
              + " "
              + rootCause(flyway));
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof CommandLine.ParameterException p) {
      return usageError(p, new String[0]);
    }
    LOG.error("Command failed with an internal error", e);
    err.println("Internal error: " + e);
    return ExitCodes.SOFTWARE;
  }

  private static boolean undefinedTable(DatabaseException e) {
    return e.getCause() instanceof java.sql.SQLException sql && "42P01".equals(sql.getSQLState());
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? "" : "(" + root.getMessage() + ")";
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"stream-poller " + (version == null ? "development build" : version)};
    }
  }
}
