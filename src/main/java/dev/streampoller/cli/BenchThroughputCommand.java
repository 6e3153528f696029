package dev.streampoller.cli;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.db.Migrations;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bench throughput}: a platform's load on one box. The real daemon ({@code run}, in a
 * process of its own with the systemd unit's JVM options) polls the simulator for N accounts, each
 * with its own token and budget; V videos are tracked by plain SQL INSERT, each ready after k
 * polls; one local receiver verifies every webhook's signature and answers after a configurable
 * delay. Prints polls/s against the sum of the budgets, deliveries/s, latencies, RSS and CPU, and
 * the same PostgreSQL's single-row UPDATE TPS as the yardstick ({@link ThroughputRun}).
 */
@Command(
    name = "throughput",
    mixinStandardHelpOptions = true,
    description =
        "Run the real daemon against the simulator with many accounts and videos and one webhook "
            + "receiver, and print polls/s against the budgets, deliveries/s, latencies, RSS, "
            + "CPU-seconds per 1,000 polls and the database's single-row UPDATE TPS.")
final class BenchThroughputCommand implements Callable<Integer> {
  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--accounts",
      defaultValue = "50",
      description = "Accounts, each with its own token and budget (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--videos",
      defaultValue = "5000",
      description =
          "Videos tracked by SQL INSERT, spread over the accounts (default: ${DEFAULT-VALUE}).")
  int videos;

  @Option(
      names = "--polls-to-ready",
      defaultValue = "3",
      description = "Each download is ready at its k-th poll (default: ${DEFAULT-VALUE}).")
  int pollsToReady;

  @Option(
      names = "--requests-per-5-minutes",
      defaultValue = "1200",
      description =
          "Each account's budget, 2-1200 (default: ${DEFAULT-VALUE}, Cloudflare's limit).")
  int budget;

  @Option(
      names = "--track-rate",
      defaultValue = "0",
      description =
          "Videos tracked per second during the run; 0 tracks all at once, in INSERTs of 1,000 "
              + "(default: ${DEFAULT-VALUE}).")
  int trackRate;

  @Option(
      names = "--receiver-delay",
      defaultValue = "PT0S",
      description =
          "How long the receiver takes to answer each webhook (default: ${DEFAULT-VALUE}).")
  Duration receiverDelay;

  @Option(
      names = "--backlog",
      defaultValue = "0",
      description =
          "Deliveries already due in the outbox when the daemon starts, as after a receiver "
              + "outage; their drain rate is printed apart (default: ${DEFAULT-VALUE}).")
  int backlog;

  @Option(
      names = "--duration",
      defaultValue = "PT5M",
      description =
          "Longest run: polling stops being measured after this long even if videos are left "
              + "(default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--tps-duration",
      defaultValue = "PT10S",
      description = "How long the single-row UPDATE yardstick runs (default: ${DEFAULT-VALUE}).")
  Duration tpsDuration;

  @Option(
      names = "--jvm-options",
      defaultValue = ThroughputDaemon.SYSTEMD_JVM_OPTIONS,
      description = "The daemon's JVM options (default: the systemd unit's, ${DEFAULT-VALUE}).")
  String jvmOptions;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A daemon configuration key other than the defaults, e.g. --set poll.batch-size=100 "
              + "(repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--simulator-threads",
      defaultValue = "16",
      description = "The simulator's HTTP threads (default: ${DEFAULT-VALUE}).")
  int simulatorThreads;

  @Option(
      names = "--database-url",
      paramLabel = "JDBC_URL",
      description =
          "Use this PostgreSQL (best a database of its own: the run's rows stay) instead of an "
              + "embedded one.")
  @Nullable String databaseUrl;

  @Override
  public Integer call() throws Exception {
    ArgumentChecks.atLeast(spec, "--accounts", 1, accounts);
    ArgumentChecks.atLeast(spec, "--videos", 1, videos);
    ArgumentChecks.atLeast(spec, "--polls-to-ready", 1, pollsToReady);
    ArgumentChecks.atLeast(spec, "--requests-per-5-minutes", 2, budget);
    ArgumentChecks.atLeast(spec, "--track-rate", 0, trackRate);
    ArgumentChecks.atLeast(spec, "--simulator-threads", 1, simulatorThreads);
    ArgumentChecks.atLeast(spec, "--backlog", 0, backlog);
    ArgumentChecks.atLeast(spec, "--receiver-delay", 0, receiverDelay.toMillis());
    ArgumentChecks.positive(spec, "--duration", duration);
    ArgumentChecks.positive(spec, "--tps-duration", tpsDuration);
    ArgumentChecks.jdbcUrl(spec, "--database-url", databaseUrl);
    // The JDK server behind the simulator closes every idle keep-alive connection beyond 200 at
    // once; with hundreds of accounts, each with its pooled connection, clients would then reuse
    // closed ones (NoHttpResponseException). Cloudflare's edge does not, so neither may the
    // stand-in. Read when the first server starts.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    ThroughputRun.Plan plan =
        new ThroughputRun.Plan(
            accounts, videos, pollsToReady, budget, trackRate, duration, receiverDelay, backlog);
    Path dir = Files.createTempDirectory("bench-throughput-");
    Secret secret = Secret.of(ThroughputRun.newWebhookSecret());
    String runId = ThroughputRun.newRunId();
    SimulatorOptions.Builder options =
        SimulatorOptions.builder().clock(bench.clock()).threads(simulatorThreads);
    for (int i = 0; i < accounts; i++) {
      // Every token is its own Cloudflare user, with its own 1,200 requests per 5 minutes.
      options.apiToken(ThroughputRun.token(runId, i));
    }
    try (LocalDatabase db = LocalDatabase.startUnless(databaseUrl);
        StreamSimulator simulator = StreamSimulator.start(options.build());
        WebhookReceiver receiver = ThroughputRun.receiver(secret, bench.clock(), receiverDelay)) {
      ThroughputRun run = new ThroughputRun(runId, plan, bench.clock(), simulator, receiver);
      Map<String, String> properties =
          run.daemonProperties(db.jdbcUrl(), secret, ThroughputRun.freePort(), overrides);
      Path file = run.writeProperties(dir, properties);
      // Loaded as the daemon loads it, so a bad --set is reported (exit 78) before anything runs.
      AppConfig config = ConfigLoader.load(file, System.getenv());
      try (OperatorSession session = OperatorSession.open(config, bench.clock(), "bench")) {
        Migrations.migrate(session.dataSource());
        Database database = session.database();
        ThroughputRun.Measured measured = run.drive(database, jvmOptions, file, dir);
        UpdateTps.Result tps =
            UpdateTps.measure(
                database, db.jdbcUrl(), config.database().poolSize(), tpsDuration, dir);
        System.out.print(ThroughputReport.text(plan, measured, tps, jvmOptions, overrides));
      }
    }
    return ExitCodes.OK;
  }
}
