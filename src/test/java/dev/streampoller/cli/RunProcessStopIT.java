package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.testing.TcpGate;
import dev.streampoller.webhook.WebhookSigner;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon as a child process ({@code Main run --config FILE} on this JVM's class path),
 * against the test database and the simulator, stopped with SIGTERM while polls and webhook sends
 * are in flight (slow API answers, a receiver that accepts and never answers): it exits 0 within a
 * generous bound and hands every claim back. Stop times are printed.
 */
@ExtendWith(PostgresExtension.class)
class RunProcessStopIT {
  private static final String ACCOUNT = "acc1";
  private static final String TOKEN = "cfut_stop-test";
  private static final int VIDEOS = 30;

  /** Generous: the watchdog's 75 s deadline plus JVM exit on a loaded machine. */
  private static final Duration EXIT_BOUND = Duration.ofSeconds(85);

  @TempDir Path dir;
  private Process daemon;

  @AfterEach
  void killLeftover() {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroyForcibly();
    }
  }

  @Test
  void shouldExit0AndHandBackEveryClaimOnSigtermWithPollsAndSendsInFlight(DataSource dataSource)
      throws Exception {
    try (StreamSimulator simulator = simulator();
        TcpGate hangingReceiver = TcpGate.hanging()) {
      daemon = startDaemon(simulator, PostgresExtension.jdbcUrl(), hangingReceiver.port());
      track(dataSource);
      awaitWorkInFlight(simulator, dataSource);

      Duration took = sigterm();

      System.out.printf("SIGTERM with polls and sends in flight: exit in %d ms%n", took.toMillis());
      assertThat(daemon.exitValue()).as(log()).isZero();
      assertThat(log()).contains("Stopped cleanly");
      assertThat(claimed(dataSource, "tracked_video")).as("videos still claimed").isZero();
      assertThat(claimed(dataSource, "webhook_delivery")).as("deliveries still claimed").isZero();
    }
  }

  @Test
  void shouldExit0OnSigtermWhileTheDatabaseIsDown(DataSource dataSource) throws Exception {
    URI target = URI.create(PostgresExtension.jdbcUrl().substring("jdbc:".length()));
    try (StreamSimulator simulator = simulator();
        TcpGate hangingReceiver = TcpGate.hanging();
        TcpGate database = TcpGate.to(target.getHost(), target.getPort())) {
      String url =
          PostgresExtension.jdbcUrl()
              .replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/");
      daemon = startDaemon(simulator, url, hangingReceiver.port());
      track(dataSource);
      awaitWorkInFlight(simulator, dataSource);

      database.refuse();
      Duration took = sigterm();

      System.out.printf("SIGTERM with the database down: exit in %d ms%n", took.toMillis());
      assertThat(daemon.exitValue()).as(log()).isZero();
      assertThat(log()).contains("Shutdown requested");
    }
  }

  private StreamSimulator simulator() {
    StreamSimulator simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .clock(Clock.systemUTC())
                .apiToken(TOKEN)
                .account(ACCOUNT)
                .build());
    for (int i = 0; i < VIDEOS; i++) {
      // A third become ready within seconds (webhooks to send), the rest build for an hour.
      Duration build = i % 3 == 0 ? Duration.ofSeconds(1) : Duration.ofHours(1);
      simulator.addVideo(ACCOUNT, "stop" + i, List.of(ScriptedDownload.ready("default", build)));
    }
    // Slow answers, so polls are certainly in flight at the stop.
    simulator.enqueueFault(Fault.latency(Duration.ofMillis(400)).times(100_000));
    return simulator;
  }

  private Process startDaemon(StreamSimulator simulator, String databaseUrl, int receiverPort)
      throws IOException {
    Path config = dir.resolve("stop.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "cloudflare.account-id=" + ACCOUNT,
            "cloudflare.api-token=" + TOKEN,
            "cloudflare.api-base-url=" + simulator.baseUrl(),
            "database.url=" + databaseUrl,
            "poll.min-interval=PT0.2S",
            "poll.max-interval=PT1S",
            "poll.batch-size=5",
            "poll.check-interval=PT0.2S",
            "webhook.url=http://127.0.0.1:" + receiverPort + "/hooks",
            "webhook.secret=" + WebhookSigner.generateSecret().reveal(),
            "webhook.timeout=PT3S",
            "webhook.check-interval=PT0.2S",
            "ops.listen-address=off",
            ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(logFile())
        .start();
  }

  private static void track(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO tracked_video (account_id, video_uid)"
              + " SELECT 'acc1', 'stop' || i FROM generate_series(0, "
              + (VIDEOS - 1)
              + ") i");
    }
  }

  /** Polls answered, and at least one webhook send under way (its receiver never answers). */
  private void awaitWorkInFlight(StreamSimulator simulator, DataSource dataSource) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                simulator.totalRequests() > 10
                    && claimed(dataSource, "webhook_delivery") > 0
                    && claimed(dataSource, "tracked_video") > 0);
    assertThat(daemon.isAlive()).as(this::log).isTrue();
  }

  /** Sends SIGTERM and waits for the exit; how long it took. */
  private Duration sigterm() throws InterruptedException {
    long start = System.nanoTime();
    daemon.destroy();
    boolean exited = daemon.waitFor(EXIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(exited).as("exited within %s; log:%n%s", EXIT_BOUND, log()).isTrue();
    return took;
  }

  private static long claimed(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM " + table + " WHERE claimed_by IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private File logFile() {
    return dir.resolve("daemon.log").toFile();
  }

  private String log() {
    try {
      return Files.readString(logFile().toPath());
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
