package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryRepository;
import dev.streampoller.webhook.EndpointRepository;
import dev.streampoller.webhook.WebhookEndpoint;
import dev.streampoller.webhook.WebhookEvents;
import dev.streampoller.webhook.WebhookSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deliveries} for an endpoint disabled by a 410, as an operator runs it. */
@ExtendWith(PostgresExtension.class)
class DeliveriesCommandIT {
  private static final URI CRM = URI.create("https://crm.example/hook");
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final StringWriter err = new StringWriter();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void setUp() throws IOException {
    config = dir.resolve("poller.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "cloudflare.account-id=acc1",
            "cloudflare.api-token=cfut_deliveries-test-token",
            "database.url=" + PostgresExtension.jdbcUrl(),
            ""));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
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
  void shouldListRefuseThenRedeliverTheDeliveriesOfADisabledEndpoint(DataSource dataSource)
      throws Exception {
    assertThat(run("track", "--config", config.toString(), "vid1")).isZero();
    try (Connection c = dataSource.getConnection()) {
      EndpointRepository endpoints = new EndpointRepository();
      endpoints.sync(
          c,
          List.of(
              new WebhookEndpoint(
                  "crm",
                  CRM,
                  List.of(WebhookSigner.generateSecret()),
                  Set.of(WebhookEvents.DOWNLOAD_READY),
                  Set.of(),
                  false)),
          clock.instant());
      enqueue(c, "default");
      endpoints.disable(c, "crm", "HTTP 410 Gone from https://crm.example/hook", clock.instant());
      enqueue(c, "audio");
      enqueue(c, "extra");
    }
    out.reset();

    assertThat(run("deliveries", "--config", config.toString(), "--state", "dead")).isZero();
    assertThat(output().lines()).as("the two enqueued after the 410 too").hasSize(3);

    assertThat(run("deliveries", "redeliver", "--config", config.toString(), "--endpoint", "crm"))
        .isEqualTo(ExitCodes.DATA);
    assertThat(err.toString()).contains("crm is disabled").contains("deliveries enable crm");

    assertThat(run("deliveries", "enable", "--config", config.toString(), "crm")).isZero();
    out.reset();
    assertThat(run("deliveries", "redeliver", "--config", config.toString(), "--endpoint", "crm"))
        .isZero();
    assertThat(output()).contains("3 deliveries queued again");
    out.reset();
    assertThat(run("deliveries", "--config", config.toString(), "--state", "pending")).isZero();
    assertThat(output().lines()).hasSize(3);
  }

  private void enqueue(Connection c, String downloadType) throws Exception {
    new DeliveryRepository()
        .enqueue(
            c,
            WebhookEvents.newEventId(),
            WebhookEvents.DOWNLOAD_READY,
            new VideoKey("acc1", "vid1"),
            downloadType,
            "{\"type\":\"download.ready\"}",
            "crm",
            CRM,
            clock.instant());
  }
}
