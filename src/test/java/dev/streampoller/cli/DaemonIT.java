package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.CloudflareConfig;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.DatabaseConfig;
import dev.streampoller.config.PollConfig;
import dev.streampoller.config.SchedulerConfig;
import dev.streampoller.config.Secret;
import dev.streampoller.config.WebhookConfig;
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
import java.util.Optional;
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
          new AppConfig(
              CloudflareConfig.of(ACCOUNT, new CloudflareCredential.ApiToken(Secret.of(TOKEN)))
                  .withApiBaseUrl(simulator.baseUrl()),
              new DatabaseConfig(
                  PostgresExtension.jdbcUrl(), Optional.empty(), Optional.empty(), 5),
              new PollConfig(
                  Duration.ofMillis(300),
                  Duration.ofSeconds(2),
                  Duration.ofHours(1),
                  Duration.ofMinutes(2),
                  10,
                  Duration.ofHours(1)),
              new WebhookConfig(
                  Optional.of(receiver.url()),
                  Optional.of(secret),
                  List.of(Duration.ofSeconds(1)),
                  Duration.ofSeconds(5),
                  10,
                  Duration.ofHours(1),
                  Duration.ofMinutes(2)),
              SchedulerConfig.defaults(),
              new dev.streampoller.config.OpsConfig(
                  Optional.of(
                      java.net.InetSocketAddress.createUnresolved("127.0.0.1", freePort()))));

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
          new AppConfig(
              CloudflareConfig.of(ACCOUNT, new CloudflareCredential.ApiToken(Secret.of(TOKEN)))
                  .withApiBaseUrl(simulator.baseUrl()),
              new DatabaseConfig(
                  PostgresExtension.jdbcUrl(), Optional.empty(), Optional.empty(), 5),
              new PollConfig(
                  Duration.ofMillis(100),
                  Duration.ofSeconds(1),
                  Duration.ofHours(1),
                  Duration.ofMinutes(2),
                  5,
                  Duration.ofMillis(100)),
              dev.streampoller.config.WebhookConfig.disabled(),
              SchedulerConfig.defaults(),
              dev.streampoller.config.OpsConfig.disabled());
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
          new AppConfig(
              CloudflareConfig.of(ACCOUNT, new CloudflareCredential.ApiToken(Secret.of(TOKEN)))
                  .withApiBaseUrl(simulator.baseUrl()),
              new DatabaseConfig(
                  PostgresExtension.jdbcUrl(), Optional.empty(), Optional.empty(), 5),
              PollConfig.defaults(),
              new WebhookConfig(
                  Optional.of(hanging.url()),
                  Optional.of(WebhookSigner.generateSecret()),
                  List.of(Duration.ofHours(1)),
                  sendTimeout,
                  10,
                  Duration.ofMillis(200),
                  Duration.ofMinutes(2)),
              SchedulerConfig.defaults(),
              dev.streampoller.config.OpsConfig.disabled());
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
