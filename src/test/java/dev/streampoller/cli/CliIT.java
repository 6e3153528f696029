package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(PostgresExtension.class)
class CliIT {
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("stream-poller.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "cloudflare.account-id=acc1",
            "cloudflare.api-token=cfut_cli-test-secret-token",
            "database.url=" + PostgresExtension.jdbcUrl(),
            ""));
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine(clock);
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldExit64AndNameTheUidWhenAUidIsMalformed() {
    assertThat(run("track", "--config", config.toString(), "good1", "bad uid!", "")).isEqualTo(64);
    assertThat(err.toString()).contains("'bad uid!'").contains("''");
  }

  @Test
  void shouldExit64ForAUidLongerThan32Characters() {
    assertThat(run("track", "--config", config.toString(), "a".repeat(33))).isEqualTo(64);
  }

  @Test
  void shouldExit64ForAnUnknownOption() {
    assertThat(run("track", "--bogus", "abc")).isEqualTo(64);
  }

  @Test
  void shouldExit78ListingEveryProblemOfABadConfig() throws IOException {
    Files.writeString(config, "cloudflare.account-id=not valid!\npoll.min-interval=banana\n");

    assertThat(run("run", "--config", config.toString())).isEqualTo(78);

    assertThat(err.toString())
        .contains("cloudflare.account-id")
        .contains("poll.min-interval")
        .contains("database.url")
        .contains(config.toString());
  }

  @Test
  void shouldExit78WhenTheConfigFileIsMissing() {
    assertThat(run("status", "--config", dir.resolve("absent.properties").toString(), "abc"))
        .isEqualTo(78);
  }

  @Test
  void shouldTrackShowAndUntrackAVideo() {
    assertThat(run("track", "--config", config.toString(), "vid1")).isZero();
    assertThat(run("track", "--config", config.toString(), "vid1")).as("idempotent").isZero();
    assertThat(run("status", "--config", config.toString(), "vid1")).isZero();
    assertThat(run("untrack", "--config", config.toString(), "vid1")).isZero();
    assertThat(run("untrack", "--config", config.toString(), "vid1")).isEqualTo(65);
    assertThat(run("status", "--config", config.toString(), "nosuchvideo")).isEqualTo(65);
  }

  @Test
  void shouldRefuseToRunOnADatabaseThatIsNotMigrated(javax.sql.DataSource dataSource)
      throws Exception {
    String empty = "stream_poller_unmigrated";
    try (var c = dataSource.getConnection()) {
      c.createStatement().execute("DROP DATABASE IF EXISTS " + empty);
      c.createStatement().execute("CREATE DATABASE " + empty);
    }
    // The test database's URL with its database name swapped for the empty one.
    String url = PostgresExtension.jdbcUrl().replaceFirst("(//[^/]+/)[^?]+", "$1" + empty);
    Files.writeString(
        config,
        String.join(
            "\n",
            "cloudflare.account-id=acc1",
            "cloudflare.api-token=cfut_cli-test-secret-token",
            "database.url=" + url,
            ""));
    try {
      assertThat(run("run", "--config", config.toString())).isEqualTo(78);
      assertThat(err.toString()).contains("migrate");
    } finally {
      try (var c = dataSource.getConnection()) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + empty + " WITH (FORCE)");
      }
    }
  }

  @Test
  void shouldNeverPrintTheTokenWhenTheDatabaseIsUnreachable() throws IOException {
    Files.writeString(
        config,
        String.join(
            "\n",
            "cloudflare.account-id=acc1",
            "cloudflare.api-token=cfut_cli-test-secret-token",
            "database.url=jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1",
            "database.password=db-password-secret",
            ""));

    assertThat(run("track", "--config", config.toString(), "vid1")).isEqualTo(69);

    assertThat(err.toString())
        .doesNotContain("cli-test-secret")
        .doesNotContain("db-password-secret");
  }

  @Test
  void shouldListAndRedeliverDeliveries(javax.sql.DataSource dataSource) throws Exception {
    assertThat(run("track", "--config", config.toString(), "vid1")).isZero();
    try (var c = dataSource.getConnection()) {
      c.createStatement()
          .execute(
              """
              INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid,
                  download_type, payload, endpoint, target_url, created_at, state, attempts,
                  next_attempt_at, last_error)
              VALUES ('msg_deadbeef01', 'download.ready', 'acc1', 'vid1', 'default', '{}',
                  'default', 'https://x.example', now(), 'dead', 9, NULL, 'HTTP 500')""");
    }

    assertThat(run("deliveries", "--config", config.toString(), "--state", "dead")).isZero();
    assertThat(run("deliveries", "--config", config.toString(), "--state", "sleeping"))
        .isEqualTo(64);
    assertThat(run("deliveries", "redeliver", "--config", config.toString())).isEqualTo(64);
    assertThat(run("deliveries", "redeliver", "--config", config.toString(), "999999"))
        .isEqualTo(65);
    assertThat(run("deliveries", "redeliver", "--config", config.toString(), "--video", "vid1"))
        .isZero();
    try (var c = dataSource.getConnection();
        var rs =
            c.createStatement()
                .executeQuery("SELECT state, attempts, event_id FROM webhook_delivery")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("pending");
      assertThat(rs.getInt(2)).isZero();
      assertThat(rs.getString(3)).isEqualTo("msg_deadbeef01");
    }
  }

  @Test
  void shouldRefuseACallbackUrlWhenNoSecretCanSignIt() {
    assertThat(
            run(
                "track",
                "--config",
                config.toString(),
                "--callback-url",
                "https://tenant.example/hook",
                "vid1"))
        .isEqualTo(78);
    assertThat(err.toString()).contains("webhook.callback-secret");
  }

  @Test
  void shouldRefuseACallbackUrlThatIsNotHttp() {
    assertThat(run("track", "--config", config.toString(), "--callback-url", "ftp://x/y", "vid1"))
        .isEqualTo(64);
  }

  @Test
  void shouldPrintHelpForEveryCommand() {
    for (String command :
        new String[] {
          "run", "migrate", "track", "untrack", "status", "deliveries", "demo", "bench"
        }) {
      assertThat(run(command, "--help")).as(command).isZero();
    }
  }
}
