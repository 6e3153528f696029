package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** check, track --create, history and stats against the simulator and PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class OperatorCommandsIT {
  private static final String TOKEN = "cfut_operator-test-token";
  private static final String NO_STREAM_TOKEN = "cfut_dns-only-token";
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final StringWriter err = new StringWriter();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private StreamSimulator simulator;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .clock(clock)
                .apiToken(TOKEN)
                .apiTokenWithoutStream(NO_STREAM_TOKEN)
                .account("acc1")
                .build());
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    simulator.close();
  }

  private Path config(String token, String databaseUrl) throws IOException {
    Path file = dir.resolve("poller-" + token.hashCode() + databaseUrl.hashCode() + ".properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "cloudflare.api-base-url=" + simulator.baseUrl(),
            "cloudflare.account-id=acc1",
            "cloudflare.api-token=" + token,
            "database.url=" + databaseUrl,
            ""));
    return file;
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine(clock);
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPassEveryCheckWithAGoodSetup() throws IOException {
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("check", "--config", config.toString())).isZero();
    assertThat(output())
        .contains("[ok]   configuration")
        .contains("[ok]   database")
        .contains("[ok]   cloudflare account acc1")
        .contains("[ok]   cloudflare account acc1 Stream access");
  }

  @Test
  void shouldExit77NamingStreamReadWhenTheTokenIsValidButCannotReadStream() throws IOException {
    Path config = config(NO_STREAM_TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("check", "--config", config.toString())).isEqualTo(77);
    assertThat(output())
        .contains("[ok]   cloudflare account acc1 (")
        .contains("[FAIL] cloudflare account acc1 Stream access")
        .contains("lacks the Stream Read permission")
        .contains("HTTP 403, Cloudflare error 10000: Authentication error")
        .doesNotContain(NO_STREAM_TOKEN);
  }

  @Test
  void shouldSpendOneBudgetTokenPerCheckRequest(DataSource dataSource) throws Exception {
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("check", "--config", config.toString())).isZero();

    assertThat(simulator.totalRequests()).as("verify, then one Stream request").isEqualTo(2);
    try (var c = dataSource.getConnection();
        var rs = c.createStatement().executeQuery("SELECT tokens, capacity FROM request_budget")) {
      rs.next();
      assertThat(rs.getDouble("capacity") - rs.getDouble("tokens")).isEqualTo(2.0);
    }
  }

  @Test
  void shouldExit77AndSayWhichCredentialWasRefused() throws IOException {
    Path config = config("cfut_wrong-token", PostgresExtension.jdbcUrl());

    assertThat(run("check", "--config", config.toString())).isEqualTo(77);
    assertThat(output()).contains("[FAIL] cloudflare account acc1").doesNotContain("wrong-token");
  }

  @Test
  void shouldExit69WhenTheDatabaseIsUnreachableAndStillCheckTheCredential() throws IOException {
    Path config = config(TOKEN, "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");

    assertThat(run("check", "--config", config.toString())).isEqualTo(69);
    assertThat(output()).contains("[FAIL] database").contains("[ok]   cloudflare account acc1");
  }

  @Test
  void shouldExit78ForAnInvalidConfiguration() throws IOException {
    Path config = dir.resolve("bad.properties");
    Files.writeString(config, "cloudflare.account-id=bad id\n");

    assertThat(run("check", "--config", config.toString())).isEqualTo(78);
    assertThat(output()).contains("[FAIL] configuration");
  }

  @Test
  void shouldCreateTheDownloadsThenTrackAndShowHistoryAndStats(DataSource dataSource)
      throws Exception {
    simulator.addVideo("acc1", "vid1", List.of());
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("track", "--config", config.toString(), "--create", "default,audio", "vid1"))
        .isZero();
    assertThat(output())
        .contains("created default download")
        .contains("created audio download")
        .contains("tracking acc1/vid1");

    // The create answers are the downloads' first state: recorded before any poll.
    assertThat(run("history", "--config", config.toString(), "vid1")).isZero();
    assertThat(output()).contains("default").contains("audio").contains("(first)");
    try (var c = dataSource.getConnection();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT string_agg(download_type || ':' || status, ',' ORDER BY download_type)"
                        + " FROM download_state WHERE video_uid = 'vid1'")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("audio:inprogress,default:inprogress");
    }
    assertThat(run("history", "--config", config.toString(), "other")).isEqualTo(65);
    assertThat(run("stats", "--config", config.toString())).isZero();
    assertThat(output()).contains("1 active");
  }

  @Test
  void shouldRecordACreateAnswerThatIsAlreadyReadyAndEnqueueItsWebhook(DataSource dataSource)
      throws Exception {
    simulator.addVideo(
        "acc1",
        "vid5",
        List.of(
            dev.streampoller.simulator.ScriptedDownload.ready("default", java.time.Duration.ZERO)));
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());
    Files.writeString(
        config,
        "webhook.url=http://127.0.0.1:9/hook\nwebhook.secret="
            + dev.streampoller.webhook.WebhookSigner.generateSecret().reveal()
            + "\n",
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(run("track", "--config", config.toString(), "--create", "default", "vid5")).isZero();

    assertThat(output()).contains("created default download of acc1/vid5 (ready)");
    try (var c = dataSource.getConnection();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT (SELECT status FROM download_state WHERE video_uid = 'vid5'),"
                        + " (SELECT count(*) FROM webhook_delivery WHERE video_uid = 'vid5')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ready");
      assertThat(rs.getInt(2)).isEqualTo(1);
    }
  }

  @Test
  void shouldDrawCreationRequestsFromTheSharedBudgetAndRespectAPause(DataSource dataSource)
      throws Exception {
    simulator.addVideo("acc1", "vid2", List.of());
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("track", "--config", config.toString(), "--create", "default,audio", "vid2"))
        .isZero();
    try (var c = dataSource.getConnection();
        var rs = c.createStatement().executeQuery("SELECT tokens, capacity FROM request_budget")) {
      rs.next();
      assertThat(rs.getDouble("capacity") - rs.getDouble("tokens")).isEqualTo(2.0);
    }

    try (var c = dataSource.getConnection()) {
      c.createStatement()
          .execute(
              "INSERT INTO cloudflare_account (account_id, paused_until, pause_reason, updated_at)"
                  + " VALUES ('acc1', '2099-01-01T00:00:00Z', 'rate_limited', now())");
    }
    int requests = simulator.totalRequests();
    assertThat(run("track", "--config", config.toString(), "--create", "default", "vid3"))
        .isEqualTo(69);
    assertThat(err.toString()).contains("paused");
    assertThat(simulator.totalRequests()).isEqualTo(requests);
  }

  @Test
  void shouldExit65WithASentenceAndTrackNothingWhenTheVideoIsUnknown() throws IOException {
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("track", "--config", config.toString(), "--create", "default", "novideo"))
        .isEqualTo(65);
    assertThat(err.toString())
        .contains(
            "Could not create the default download of video novideo in account acc1: Cloudflare"
                + " does not know this video (HTTP 404, Cloudflare error 10005: Video not found).")
        .doesNotContain("VideoNotFound[")
        .doesNotContain("Failed[");
    assertThat(run("status", "--config", config.toString(), "novideo")).isEqualTo(65);
  }

  @Test
  void shouldExit65NamingStatusAndCodeWhenTheApiRefusesTheCreation() throws IOException {
    simulator.addVideo("acc1", "vid6", List.of());
    simulator.enqueueFault(
        dev.streampoller.simulator.Fault.cloudflareError(422, 10011, "Video is not ready"));
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("track", "--config", config.toString(), "--create", "default", "vid6"))
        .isEqualTo(65);
    assertThat(err.toString())
        .contains("video vid6 in account acc1")
        .contains("HTTP 422, Cloudflare error 10011: Video is not ready")
        .doesNotContain("httpStatus=");
  }

  @Test
  void shouldExit77WhenTheCredentialMayNotCreateDownloads() throws IOException {
    simulator.addVideo("acc1", "vid7", List.of());
    simulator.enqueueFault(
        dev.streampoller.simulator.Fault.cloudflareError(403, 10000, "Authentication error"));
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("track", "--config", config.toString(), "--create", "audio", "vid7"))
        .isEqualTo(77);
    assertThat(err.toString())
        .contains("Stream Write")
        .contains("HTTP 403, Cloudflare error 10000: Authentication error");
  }

  @Test
  void shouldShowTheAccountPauseWithItsReasonAndEndInStatus(DataSource dataSource)
      throws Exception {
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());
    assertThat(run("track", "--config", config.toString(), "vid8")).isZero();
    try (var c = dataSource.getConnection()) {
      c.createStatement()
          .execute(
              "INSERT INTO cloudflare_account"
                  + " (account_id, paused_until, pause_reason, pause_detail, updated_at)"
                  + " VALUES ('acc1', '2026-03-01T10:05:00Z', 'rate_limited',"
                  + " 'HTTP 429: 971 Please wait and consider throttling your request speed',"
                  + " now())");
    }

    assertThat(run("status", "--config", config.toString(), "vid8")).isZero();

    assertThat(output())
        .contains(
            "account acc1 is paused until 2026-03-01T10:05:00Z, no requests for its videos until"
                + " then: rate limited by the API (HTTP 429, Cloudflare error 971: Please wait");
  }

  @Test
  void shouldRejectAMalformedDownloadType() throws IOException {
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("track", "--config", config.toString(), "--create", "Default!", "vid1"))
        .isEqualTo(64);
  }

  @Test
  void shouldExit64NamingADownloadTypeTheApiCannotCreateBeforeAnyRequest() throws IOException {
    simulator.addVideo("acc1", "vid1", List.of());
    Path config = config(TOKEN, PostgresExtension.jdbcUrl());

    assertThat(run("track", "--config", config.toString(), "--create", "default,hd", "vid1"))
        .isEqualTo(64);
    assertThat(err.toString()).contains("'hd'").contains("default or audio");
    assertThat(simulator.totalRequests()).isZero();
  }
}
