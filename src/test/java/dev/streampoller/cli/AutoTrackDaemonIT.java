package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.webhook.WebhookSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real daemon with auto-track: a video uploaded to the account, tracked by nobody, is found
 * once encoded, its download created and polled, and its webhook delivered.
 */
@ExtendWith(PostgresExtension.class)
class AutoTrackDaemonIT {
  private static final String ACCOUNT = "acc1";
  private static final String TOKEN = "cfut_autotrack-test";

  @Test
  void shouldDiscoverAnUploadedVideoCreateItsDownloadAndDeliverItsWebhook(DataSource dataSource)
      throws Exception {
    Clock clock = Clock.systemUTC();
    Secret secret = WebhookSigner.generateSecret();
    try (StreamSimulator simulator =
            StreamSimulator.start(
                SimulatorOptions.builder()
                    .clock(clock)
                    .apiToken(TOKEN)
                    .account(ACCOUNT)
                    .defaultBuildDuration(Duration.ofSeconds(1))
                    .build());
        WebhookReceiver receiver = WebhookReceiver.builder(secret, clock).start()) {
      Instant since = clock.instant();
      AppConfig config =
          ConfigLoader.builder("AutoTrackDaemonIT")
              .set("cloudflare.api-base-url", simulator.baseUrl())
              .set("cloudflare.account-id", ACCOUNT)
              .set("cloudflare.api-token", TOKEN)
              .set("cloudflare.auto-track.enabled", true)
              .set("cloudflare.auto-track.interval", Duration.ofSeconds(5))
              .set("cloudflare.auto-track.since", since)
              .set("database.url", PostgresExtension.jdbcUrl())
              .set("database.pool-size", 5)
              .set("poll.min-interval", Duration.ofMillis(300))
              .set("poll.max-interval", Duration.ofSeconds(2))
              .set("webhook.url", receiver.url())
              .set("webhook.secret", secret)
              .set("webhook.retry-schedule", Duration.ofSeconds(1))
              .set("ops.listen-address", "off")
              .build();

      try (Daemon daemon = Daemon.start(config, clock)) {
        simulator.upload(ACCOUNT, "uploaded1", "", "", Duration.ofSeconds(1));

        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(receiver.received())
                        .filteredOn(ReceivedWebhook::signatureValid)
                        .singleElement()
                        .satisfies(
                            w ->
                                assertThat(w.json().path("data").path("videoId").asText())
                                    .isEqualTo("uploaded1")));
      }
      try (var c = dataSource.getConnection();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT source, (SELECT videos_found FROM discovery) FROM tracked_video"
                          + " WHERE video_uid = 'uploaded1'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("discovered");
        assertThat(rs.getLong(2)).isEqualTo(1);
      }
    }
  }
}
