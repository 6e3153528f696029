package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.webhook.HostileReceiver;
import dev.streampoller.webhook.WebhookSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real daemon (Quartz, NOTIFY listener, pool, client, dispatcher) in real time: a video
 * inserted by plain SQL is polled, and its webhook arrives, with no call from the test. Both jobs'
 * schedules are an hour apart, so only the wake-ups (NOTIFY on insert, wake-up on commit of an
 * outbox row) can make that happen within the bound.
 */
@ExtendWith(PostgresExtension.class)
class DaemonIT {
  private static final String ACCOUNT = "acc1";
  private static final String TOKEN = "cfut_daemon-test";

  /** The simulator's account and API, the test database, 5 connections, a 2-minute poll lease. */
  private static ConfigLoader.Builder daemonConfig(StreamSimulator simulator) {
    return ConfigLoader.builder("DaemonIT")
        .set("cloudflare.api-base-url", simulator.baseUrl())
        .set("cloudflare.account-id", ACCOUNT)
        .set("cloudflare.api-token", TOKEN)
        .set("database.url", PostgresExtension.jdbcUrl())
        .set("database.pool-size", 5)
        .set("poll.give-up-after", Duration.ofHours(1))
        .set("poll.lease", Duration.ofMinutes(2));
  }

  @Test
  void shouldPollAVideoInsertedBySqlAndDeliverItsWebhook(DataSource dataSource) throws Exception {
    Clock clock = Clock.systemUTC();
    Secret secret = WebhookSigner.generateSecret();
    try (StreamSimulator simulator =
            StreamSimulator.start(
                SimulatorOptions.builder().clock(clock).apiToken(TOKEN).account(ACCOUNT).build());
        WebhookReceiver receiver = WebhookReceiver.builder(secret, clock).start()) {
      simulator.addVideo(
          ACCOUNT, "sqlvideo", List.of(ScriptedDownload.ready("default", Duration.ofMillis(1))));
      AppConfig config =
          daemonConfig(simulator)
              .set("poll.min-interval", Duration.ofMillis(300))
              .set("poll.max-interval", Duration.ofSeconds(2))
              .set("poll.batch-size", 10)
              .set("poll.check-interval", Duration.ofHours(1))
              .set("webhook.url", receiver.url())
              .set("webhook.secret", secret)
              .set("webhook.retry-schedule", Duration.ofSeconds(1))
              .set("webhook.timeout", Duration.ofSeconds(5))
              .set("webhook.batch-size", 10)
              .set("webhook.check-interval", Duration.ofHours(1))
              .set("ops.listen-address", "127.0.0.1:" + freePort())
              .build();

      try (Daemon daemon = Daemon.start(config, clock)) {
        assertThat(daemon.isRunning()).isTrue();
        try (var c = dataSource.getConnection()) {
          c.createStatement()
              .execute(
                  "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc1', 'sqlvideo')");
        }

        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(receiver.received())
                        .filteredOn(ReceivedWebhook::signatureValid)
                        .singleElement()
                        .satisfies(
                            w ->
                                assertThat(w.json().path("type").asText())
                                    .isEqualTo("download.ready")));
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  try (var c = dataSource.getConnection();
                      var rs =
                          c.createStatement()
                              .executeQuery(
                                  "SELECT end_reason FROM tracked_video WHERE video_uid = 'sqlvideo'")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("done");
                  }
                });
        var ops = config.ops().listenAddress().orElseThrow();
        assertThat(get(ops, "/health")).startsWith("200 ").contains("\"status\":\"UP\"");
        assertThat(get(ops, "/metrics"))
            .contains("stream_poller_polls_total{outcome=\"downloads\"} 1.0")
            .contains("stream_poller_deliveries_total{outcome=\"delivered\"} 1.0")
            .contains("stream_poller_transitions_total{status=\"ready\"} 1.0");
      }
    }
  }

  private static int freePort() throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String get(java.net.InetSocketAddress address, String path) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var response =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://" + address.getHostString() + ":" + address.getPort() + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  @Test
  void shouldLeaveNothingClaimedAfterAStop(DataSource dataSource) throws Exception {
    Clock clock = Clock.systemUTC();
    try (StreamSimulator simulator =
        StreamSimulator.start(
            SimulatorOptions.builder().clock(clock).apiToken(TOKEN).account(ACCOUNT).build())) {
      for (int i = 0; i < 40; i++) {
        simulator.addVideo(
            ACCOUNT, "busy" + i, List.of(ScriptedDownload.ready("default", Duration.ofHours(1))));
      }
      AppConfig config =
          daemonConfig(simulator)
              .set("poll.min-interval", Duration.ofMillis(100))
              .set("poll.max-interval", Duration.ofSeconds(1))
              .set("poll.batch-size", 5)
              .set("poll.check-interval", Duration.ofMillis(100))
              .set("ops.listen-address", "off")
              .build();
      // Slow answers, so polls are certainly in flight, and claimed videos waiting, at the stop.
      simulator.enqueueFault(
          dev.streampoller.simulator.Fault.latency(Duration.ofMillis(300)).times(1_000));
      Daemon daemon = Daemon.start(config, clock);
      try (var c = dataSource.getConnection()) {
        c.createStatement()
            .execute(
                "INSERT INTO tracked_video (account_id, video_uid)"
                    + " SELECT 'acc1', 'busy' || i FROM generate_series(0, 39) i");
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> simulator.totalRequests() > 3);

      daemon.close();

      try (var c = dataSource.getConnection();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM tracked_video WHERE claimed_by IS NOT NULL")) {
        rs.next();
        assertThat(rs.getLong(1)).as("every claim finished or given back").isZero();
      }
    }
  }

  @Test
  void shouldStopWithinTheSendTimeoutAndLeaveNoDeliveryClaimedWhenTheReceiverHangs(
      DataSource dataSource) throws Exception {
    Clock clock = Clock.systemUTC();
    Duration sendTimeout = Duration.ofSeconds(3);
    try (StreamSimulator simulator =
            StreamSimulator.start(
                SimulatorOptions.builder().clock(clock).apiToken(TOKEN).account(ACCOUNT).build());
        // Answers 500 and then trickles its body forever: only the attempt's deadline ends it.
        HostileReceiver hanging = HostileReceiver.trickling(500)) {
      AppConfig config =
          daemonConfig(simulator)
              .set("poll.max-interval", Duration.ofMinutes(2))
              .set("poll.give-up-after", Duration.ofHours(24))
              .set("poll.lease", Duration.ofSeconds(20))
              .set("webhook.url", hanging.url())
              .set("webhook.secret", WebhookSigner.generateSecret())
              .set("webhook.retry-schedule", Duration.ofHours(1))
              .set("webhook.timeout", sendTimeout)
              .set("webhook.batch-size", 10)
              .set("webhook.check-interval", Duration.ofMillis(200))
              .set("ops.listen-address", "off")
              .build();
      try (var c = dataSource.getConnection()) {
        c.createStatement()
            .execute(
                """
                INSERT INTO tracked_video (account_id, video_uid, end_reason, ended_at)
                VALUES ('acc1', 'hooked', 'done', now());
                INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid,
                    download_type, payload, endpoint, target_url, created_at, next_attempt_at)
                SELECT 'msg_stophang' || i, 'download.ready', 'acc1', 'hooked', 't' || i, '{}',
                       'default', 'http://127.0.0.1/hook', now(), now()
                  FROM generate_series(1, 20) i""");
      }
      Daemon daemon = Daemon.start(config, clock);
      await().atMost(Duration.ofSeconds(30)).until(() -> hanging.accepted() >= 1);

      long start = System.nanoTime();
      daemon.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.printf(
          "stop with a hanging receiver took %d ms (webhook.timeout %s)%n",
          took.toMillis(), sendTimeout);
      assertThat(took)
          .as("the send timeout and the drain margin, and room")
          .isLessThan(Duration.ofSeconds(30));
      try (var c = dataSource.getConnection();
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*) FILTER (WHERE claimed_by IS NOT NULL),"
                          + " count(*) FILTER (WHERE attempts > 0) FROM webhook_delivery")) {
        rs.next();
        assertThat(rs.getLong(1)).as("every claim recorded or given back").isZero();
        assertThat(rs.getLong(2)).as("the hanging attempts were recorded").isPositive();
      }
    }
  }
}
