package dev.streampoller.ops;

import static dev.streampoller.ops.OpsHttp.get;
import static dev.streampoller.ops.OpsHttp.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /metrics} against the real test database. */
@ExtendWith(PostgresExtension.class)
class MetricsIT {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final Metrics metrics = Metrics.create(clock);
  private OpsServer server;

  private OpsServer serve(DataSource dataSource) {
    metrics.registerDatabaseGauges(dataSource);
    server =
        OpsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, dataSource, () -> true);
    return server;
  }

  private String scrape() {
    HttpResponse<String> response = get(server, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    metrics.close();
  }

  @Test
  void shouldServeJvmMetricsInPrometheusFormat(DataSource dataSource) {
    serve(dataSource);

    HttpResponse<String> response = get(server, "/metrics");

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body())
        .contains("jvm_memory_used_bytes{")
        .contains("jvm_gc_")
        .contains("jvm_threads_live_threads ")
        .contains("jvm_classes_loaded_classes ")
        .contains("system_cpu_count ")
        .contains("process_uptime_seconds ");
  }

  @Test
  void shouldCountTrackedVideosByState(DataSource dataSource) {
    OpsRows.trackedVideo(dataSource, "a1", null);
    OpsRows.trackedVideo(dataSource, "a2", null);
    OpsRows.trackedVideo(dataSource, "d1", "done");
    OpsRows.trackedVideo(dataSource, "g1", "video_gone");
    OpsRows.trackedVideo(dataSource, "u1", "untracked");
    serve(dataSource);

    String scrape = scrape();

    assertThat(sample(scrape, "stream_poller_tracked_videos{state=\"active\"}")).contains(2.0);
    assertThat(sample(scrape, "stream_poller_tracked_videos{state=\"done\"}")).contains(1.0);
    assertThat(sample(scrape, "stream_poller_tracked_videos{state=\"video_gone\"}")).contains(1.0);
    assertThat(sample(scrape, "stream_poller_tracked_videos{state=\"gave_up\"}")).contains(0.0);
    assertThat(sample(scrape, "stream_poller_tracked_videos{state=\"untracked\"}")).contains(1.0);
  }

  @Test
  void shouldShowTheOutboxBacklogItsOldestAgeAndDeadDeliveries(DataSource dataSource) {
    OpsRows.delivery(dataSource, "pending", NOW.minusSeconds(90));
    OpsRows.delivery(dataSource, "pending", NOW.minusSeconds(30));
    OpsRows.delivery(dataSource, "delivered", NOW.minusSeconds(600));
    OpsRows.delivery(dataSource, "dead", NOW.minusSeconds(900));
    serve(dataSource);

    String scrape = scrape();

    assertThat(sample(scrape, "stream_poller_outbox_pending")).contains(2.0);
    assertThat(sample(scrape, "stream_poller_outbox_oldest_pending_age_seconds")).contains(90.0);
    assertThat(sample(scrape, "stream_poller_deliveries_dead")).contains(1.0);
  }

  @Test
  void shouldShowAnEmptyOutboxAsZeroAge(DataSource dataSource) {
    serve(dataSource);

    String scrape = scrape();

    assertThat(sample(scrape, "stream_poller_outbox_pending")).contains(0.0);
    assertThat(sample(scrape, "stream_poller_outbox_oldest_pending_age_seconds")).contains(0.0);
  }

  @Test
  void shouldShowEachBudgetRefilledToNowAndCappedAtItsCapacity(DataSource dataSource) {
    OpsRows.budget(dataSource, "token:0123456789abcdef", 10, 100, 0.5, NOW.minusSeconds(60));
    OpsRows.budget(dataSource, "key:ops@example.com", 90, 100, 1, NOW.minusSeconds(60));
    serve(dataSource);

    String scrape = scrape();

    assertThat(sample(scrape, "stream_poller_budget_tokens{credential=\"token:0123456789abcdef\"}"))
        .hasValueSatisfying(v -> assertThat(v).isCloseTo(40.0, within(1e-6)));
    assertThat(sample(scrape, "stream_poller_budget_tokens{credential=\"key:ops@example.com\"}"))
        .contains(100.0);
    assertThat(sample(scrape, "stream_poller_budget_capacity{credential=\"key:ops@example.com\"}"))
        .contains(100.0);
  }

  @Test
  void shouldFollowTheClockBetweenScrapes(DataSource dataSource) {
    OpsRows.budget(dataSource, "token:0123456789abcdef", 0, 100, 2, NOW);
    serve(dataSource);
    String series = "stream_poller_budget_tokens{credential=\"token:0123456789abcdef\"}";
    assertThat(sample(scrape(), series)).contains(0.0);

    clock.advance(Duration.ofSeconds(10));

    assertThat(sample(scrape(), series)).contains(20.0);
  }

  @Test
  void shouldQueryTheDatabaseOncePerScrape(DataSource dataSource) {
    OpsRows.budget(dataSource, "token:0123456789abcdef", 0, 100, 2, NOW);
    CountingDataSource counting = new CountingDataSource(dataSource);
    serve(counting);

    scrape();
    scrape();

    assertThat(counting.connections()).isEqualTo(2);
  }

  @Test
  void shouldShowNaNInsteadOfFailingWhenTheDatabaseIsGone() {
    HikariDataSource closed = pool("ops-metrics-closed");
    closed.close();
    serve(closed);

    String scrape = scrape();

    assertThat(sample(scrape, "stream_poller_outbox_pending")).contains(Double.NaN);
    assertThat(sample(scrape, "stream_poller_tracked_videos{state=\"active\"}"))
        .contains(Double.NaN);
    assertThat(scrape).contains("jvm_threads_live_threads ");
  }

  @Test
  void shouldStartEveryEventCounterAtZeroAndShareItWithCodeThatRecords(DataSource dataSource) {
    serve(dataSource);

    metrics.registry().counter(MetricNames.POLLS, MetricNames.OUTCOME, "rate_limited").increment();
    metrics.registry().counter(MetricNames.TRANSITIONS, MetricNames.STATUS, "ready").increment(2);
    metrics.registry().timer(MetricNames.API_REQUEST).record(Duration.ofMillis(120));
    String scrape = scrape();

    assertThat(sample(scrape, "stream_poller_polls_total{outcome=\"rate_limited\"}")).contains(1.0);
    assertThat(sample(scrape, "stream_poller_polls_total{outcome=\"downloads\"}")).contains(0.0);
    assertThat(sample(scrape, "stream_poller_deliveries_total{outcome=\"dead\"}")).contains(0.0);
    assertThat(sample(scrape, "stream_poller_transitions_total{status=\"ready\"}")).contains(2.0);
    assertThat(sample(scrape, "stream_poller_rate_limited_total")).contains(0.0);
    assertThat(sample(scrape, "stream_poller_api_request_seconds_count")).contains(1.0);
    assertThat(scrape).contains("stream_poller_api_request_seconds_bucket{le=\"");
  }

  @Test
  void shouldPublishPoolMetricsOnceThePoolIsInstrumented(DataSource dataSource) {
    try (HikariDataSource pool = pool("ops-metrics-pool")) {
      metrics.instrumentPool(pool);
      serve(dataSource);

      String scrape = scrape();

      assertThat(sample(scrape, "hikaricp_connections_max{pool=\"ops-metrics-pool\"}"))
          .contains(2.0);
    }
  }

  static HikariDataSource pool(String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(PostgresExtension.jdbcUrl());
    config.setPoolName(name);
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(1000);
    return new HikariDataSource(config);
  }
}
