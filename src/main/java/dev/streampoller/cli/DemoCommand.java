package dev.streampoller.cli;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.db.Migrations;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.WebhookSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole loop on this machine with nothing installed but a JDK. Embedded
 * PostgreSQL (or {@code --database-url}), the built-in Cloudflare Stream simulator, the real
 * daemon, and a local receiver that verifies every webhook's signature. Ends by itself.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the daemon against the built-in Cloudflare Stream simulator and embedded "
            + "PostgreSQL, print transitions and verified webhooks, and exit.")
final class DemoCommand implements Callable<Integer> {
  private static final String TOKEN = "demo-token-not-a-secret";

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(
      names = "--database-url",
      paramLabel = "JDBC_URL",
      description =
          "Use this PostgreSQL instead of an embedded one (its data is kept), "
              + "e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")
  @Nullable String databaseUrl;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2M",
      description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--verbose", description = "Also show the daemon's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    ArgumentChecks.positive(spec, "--timeout", timeout);
    ArgumentChecks.jdbcUrl(spec, "--database-url", databaseUrl);
    if (!verbose) {
      // The demo prints what happens itself; the daemon's INFO lines would repeat it.
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.streampoller"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    try (LocalDatabase db = LocalDatabase.startUnless(databaseUrl)) {
      Secret webhookSecret = WebhookSigner.generateSecret();
      DemoScenario scenario = DemoScenario.create();
      DemoPrinter printer = new DemoPrinter();
      try (StreamSimulator simulator =
              StreamSimulator.start(
                  SimulatorOptions.builder()
                      .clock(main.clock)
                      .apiToken(TOKEN)
                      .account(DemoScenario.ACCOUNT)
                      .defaultBuildDuration(Duration.ofSeconds(10))
                      .build());
          WebhookReceiver receiver =
              WebhookReceiver.builder(webhookSecret, main.clock)
                  .listener(printer::webhook)
                  .start()) {
        scenario.install(simulator);
        receiver.failNext(2, 503);
        // Auto-track wants what is uploaded from now on, not the videos above.
        Instant since = main.clock.instant();
        AppConfig config = config(db.jdbcUrl(), simulator, receiver, webhookSecret, since);
        printer.intro(scenario, simulator, receiver);
        try (OperatorSession session = OperatorSession.open(config, main.clock, "demo")) {
          Migrations.migrate(session.dataSource());
          Database database = session.database();
          try (Daemon daemon = Daemon.start(config, main.clock)) {
            track(database, scenario);
            scenario.upload(simulator);
            printer.uploaded(scenario);
            boolean complete = printer.followUntilDone(database, scenario, receiver, timeout);
            daemon.close();
            printer.summary(database, scenario, receiver, db.jdbcUrl(), db.isEmbedded());
            return complete ? ExitCodes.OK : ExitCodes.SOFTWARE;
          }
        }
      }
    }
  }

  private void track(Database database, DemoScenario scenario) {
    TrackedVideoRepository repository = new TrackedVideoRepository();
    for (DemoScenario.DemoVideo video : scenario.videos()) {
      VideoKey key = new VideoKey(DemoScenario.ACCOUNT, video.uid());
      if (video.uploaded()) {
        continue; // nobody tracks it: auto-track finds it
      }
      if (video.knownToApi()) {
        Instant now = main.clock.instant();
        database.inTransaction(c -> repository.track(c, key, now));
      } else {
        // The other way in: a plain INSERT, as any tool or person could write it.
        database.run(c -> repository.insertPlain(c, key));
      }
    }
  }

  private static AppConfig config(
      String jdbcUrl,
      StreamSimulator simulator,
      WebhookReceiver receiver,
      Secret webhookSecret,
      Instant autoTrackSince) {
    return ConfigLoader.builder("demo")
        .set("cloudflare.api-base-url", simulator.baseUrl())
        .set("cloudflare.account-id", DemoScenario.ACCOUNT)
        .set("cloudflare.api-token", TOKEN)
        .set("cloudflare.connect-timeout", Duration.ofSeconds(2))
        .set("cloudflare.response-timeout", Duration.ofSeconds(5))
        .set("cloudflare.auto-track.enabled", true)
        .set("cloudflare.auto-track.interval", DemoScenario.AUTO_TRACK_INTERVAL)
        .set("cloudflare.auto-track.since", autoTrackSince)
        .set("database.url", jdbcUrl)
        .set("database.pool-size", 8)
        .set("poll.min-interval", Duration.ofSeconds(1))
        .set("poll.max-interval", Duration.ofSeconds(4))
        .set("poll.give-up-after", Duration.ofMinutes(10))
        .set("poll.lease", Duration.ofSeconds(30))
        .set("poll.check-interval", Duration.ofMillis(500))
        .set("webhook.url", receiver.url())
        .set("webhook.secret", webhookSecret)
        .set(
            "webhook.retry-schedule",
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)))
        .set("webhook.timeout", Duration.ofSeconds(5))
        .set("webhook.check-interval", Duration.ofMillis(500))
        .set("webhook.lease", Duration.ofSeconds(30))
        .set("ops.listen-address", "off")
        .build();
  }
}
