package dev.streampoller.cli;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.db.Database;
import dev.streampoller.db.Migrations;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.bench.BenchReport;
import dev.streampoller.simulator.bench.PolicyBench;
import dev.streampoller.simulator.bench.RealTimePlan;
import dev.streampoller.simulator.bench.Workload;
import dev.streampoller.simulator.bench.WorkloadException;
import dev.streampoller.simulator.bench.WorkloadLoader;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bench realtime}: the virtual-time figures checked in real time. The real daemon (Quartz,
 * claims, budget, policy) runs against the simulator and PostgreSQL for a few minutes on a scaled
 * workload; it prints detection latency as measured from the database, the simulator's worst
 * 5-minute request window, and the virtual replay of the same scaled workload beside it.
 */
@Command(
    name = "realtime",
    mixinStandardHelpOptions = true,
    description =
        "Run the real daemon against the simulator on a scaled workload for a few minutes and "
            + "compare detection latency and request windows with the virtual-time replay.")
final class BenchRealtimeCommand implements Callable<Integer> {
  private static final String ACCOUNT = "benchaccount";
  private static final String TOKEN = "bench-token-not-a-secret";

  @ParentCommand BenchCommand bench;
  @Spec CommandSpec spec;

  @Option(
      names = "--workload",
      paramLabel = "FILE",
      defaultValue = "w1",
      description = "Workload file or shipped name (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(
      names = "--scale",
      defaultValue = "0.1",
      description = "Share of the downloads and of the budget to run (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(
      names = "--duration",
      defaultValue = "PT5M",
      description = "Track the videos arriving within this long (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--database-url",
      paramLabel = "JDBC_URL",
      description = "Use this PostgreSQL instead of an embedded one.")
  @Nullable String databaseUrl;

  @Override
  public Integer call() throws Exception {
    if (!(scale > 0 && scale <= 1)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--scale must be more than 0 and at most 1, was '" + scale + "'");
    }
    ArgumentChecks.positive(spec, "--duration", duration);
    ArgumentChecks.jdbcUrl(spec, "--database-url", databaseUrl);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.streampoller"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    RealTimePlan plan = RealTimePlan.of(workload(), scale, duration);
    int budget = plan.replay().polling().requestsPer5Minutes();
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    System.out.printf(
        "Real-time check of %s: %d downloads, budget %d per 5 min, run %s%n",
        plan.replay().name(), plan.arrivals().size(), budget, run);
    try (LocalDatabase db = LocalDatabase.startUnless(databaseUrl);
        StreamSimulator simulator =
            StreamSimulator.start(
                SimulatorOptions.builder()
                    .clock(bench.clock())
                    .apiToken(TOKEN)
                    .account(ACCOUNT)
                    .build());
        OperatorSession session =
            OperatorSession.open(config(db.jdbcUrl(), simulator, plan), bench.clock(), "bench")) {
      Migrations.migrate(session.dataSource());
      Database database = session.database();
      Instant[] trackedAt = new Instant[plan.arrivals().size()];
      try (Daemon daemon = Daemon.start(session.config(), bench.clock())) {
        Instant start = bench.clock().instant();
        TrackedVideoRepository videos = new TrackedVideoRepository();
        for (int i = 0; i < plan.arrivals().size(); i++) {
          RealTimePlan.Arrival arrival = plan.arrivals().get(i);
          waitUntil(start.plus(arrival.at()));
          String uid = arrival.uid() + run;
          simulator.addVideo(ACCOUNT, uid, List.of(arrival.download()));
          Instant now = bench.clock().instant();
          trackedAt[i] = now;
          database.inTransaction(c -> videos.track(c, new VideoKey(ACCOUNT, uid), now));
        }
        waitUntilDone(database, run, plan);
      }
      RealtimeReport report = RealtimeReport.measure(database, plan, trackedAt, run);
      System.out.println();
      System.out.printf(
          "real time    p50 %6.1f s  p95 %6.1f s  p99 %6.1f s  max %6.1f s"
              + "  (%d of %d detected)%n",
          report.p50(),
          report.p95(),
          report.p99(),
          report.max(),
          report.detected(),
          plan.arrivals().size());
      int worst = simulator.maxRequestsInAnyWindow(Duration.ofMinutes(5));
      System.out.printf(
          "requests     %d in all, worst 5-minute window %d of a budget of %d%n",
          simulator.totalRequests(), worst, budget);
      System.out.println();
      System.out.println("The same scaled workload in virtual time:");
      System.out.print(BenchReport.table(List.of(PolicyBench.run(plan.replay()))));
      return worst <= budget ? ExitCodes.OK : ExitCodes.SOFTWARE;
    }
  }

  /** The workload file or shipped name; one that cannot be found or read is a bad argument. */
  private Workload workload() {
    try {
      return WorkloadLoader.resolve(workload);
    } catch (WorkloadException e) {
      if (e.isNotFound()) {
        throw new CliException(ExitCodes.USAGE, e.getMessage());
      }
      throw new CliException(
          ExitCodes.DATA, "Workload invalid:\n  - " + String.join("\n  - ", e.problems()));
    }
  }

  private AppConfig config(String jdbcUrl, StreamSimulator simulator, RealTimePlan plan) {
    var polling = plan.replay().polling();
    return ConfigLoader.builder("bench")
        .set("cloudflare.api-base-url", simulator.baseUrl())
        .set("cloudflare.account-id", ACCOUNT)
        .set("cloudflare.api-token", TOKEN)
        .set("cloudflare.connect-timeout", Duration.ofSeconds(2))
        .set("cloudflare.response-timeout", Duration.ofSeconds(10))
        .set("cloudflare.rate-limit.requests-per-5-minutes", polling.requestsPer5Minutes())
        .set("database.url", jdbcUrl)
        .set("database.pool-size", 8)
        .set("poll.min-interval", polling.minInterval())
        .set("poll.max-interval", polling.maxInterval())
        .set("poll.give-up-after", Duration.ofHours(1))
        .set("poll.lease", Duration.ofMinutes(1))
        .set("poll.check-interval", polling.checkInterval())
        .set("ops.listen-address", "off")
        .build();
  }

  private void waitUntil(Instant when) {
    while (bench.clock().instant().isBefore(when)) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  /** Until every tracked video of this run ended, or long after the last should have. */
  private void waitUntilDone(Database database, String run, RealTimePlan plan) {
    Duration longest =
        plan.arrivals().stream()
            .map(RealTimePlan.Arrival::completesAfter)
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    Instant deadline = bench.clock().instant().plus(longest).plus(Duration.ofMinutes(3));
    while (bench.clock().instant().isBefore(deadline) && RealtimeReport.active(database, run) > 0) {
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
    }
  }
}
