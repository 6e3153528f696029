package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.db.Database;
import dev.streampoller.discovery.DiscoveredAccount;
import dev.streampoller.discovery.DiscoveryRound;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.WebhookRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** status, history and check show auto-track: what a round found, and discovered vs by hand. */
@ExtendWith(PostgresExtension.class)
class DiscoveryCommandsIT {
  private static final String TOKEN = "cfut_discovery-test-token";
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private StreamSimulator simulator;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder().clock(clock).apiToken(TOKEN).account("acc1").build());
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    simulator.close();
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine(clock);
    cli.setErr(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @Test
  void shouldShowWhatAutoTrackFoundAndHowEachVideoCameToBeTracked() throws IOException {
    Path file = dir.resolve("poller.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "cloudflare.api-base-url=" + simulator.baseUrl(),
            "cloudflare.account-id=acc1",
            "cloudflare.api-token=" + TOKEN,
            "cloudflare.auto-track.enabled=true",
            "cloudflare.auto-track.since=2026-01-01T00:00:00Z",
            "database.url=" + PostgresExtension.jdbcUrl(),
            ""));
    AppConfig config = ConfigLoader.load(file, Map.of());
    Database database = new Database(PostgresExtension.dataSource());
    simulator.upload("acc1", "found1", "", "", Duration.ZERO);
    database.run(
        c ->
            new TrackedVideoRepository()
                .track(c, new VideoKey("acc1", "byhand1"), clock.instant()));
    try (var client = ApiClients.forAccount(config, config.cloudflare().defaultAccount(), clock)) {
      new DiscoveryRound(
              database,
              List.of(
                  new DiscoveredAccount(
                      config.cloudflare().defaultAccount(), client, List.of("acc1"))),
              new WebhookRoutes(List.of(), Optional.empty()),
              "test",
              clock,
              new SimpleMeterRegistry())
          .runOnce();
    }

    assertThat(run("status", "--config", file.toString(), "found1", "byhand1")).isZero();
    assertThat(run("history", "--config", file.toString(), "found1")).isZero();
    // Not polled yet, so no transitions: history says so (exit 65) and still names the source.
    assertThat(run("history", "--config", file.toString(), "byhand1")).isEqualTo(65);
    assertThat(run("check", "--config", file.toString())).isZero();
    String output = out.toString(StandardCharsets.UTF_8);

    assertThat(output)
        .contains("source:     discovered by auto-track")
        .contains("source:     tracked by hand")
        .contains("Video acc1/found1 (discovered by auto-track)")
        .contains("Video acc1/byhand1 (tracked by hand): no transitions recorded")
        .contains(
            "auto-track: account acc1: on (every PT1M, downloads default), 1 video(s) discovered")
        .contains(
            "[ok]   auto-track of account acc1: on (every PT1M, downloads default), 1 video(s)"
                + " discovered");
  }
}
