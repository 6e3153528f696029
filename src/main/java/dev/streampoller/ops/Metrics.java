package dev.streampoller.ops;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's one meter registry, in Prometheus format: JVM metrics, the {@code stream_poller_*}
 * meters (see {@link MetricNames}) and, once {@link #registerDatabaseGauges} is called, gauges read
 * from the database at each scrape. The counters of {@link MetricNames} are registered at zero up
 * front, so dashboards and {@code rate()} see them before the first event; code that records them
 * looks them up by the same name and tags and gets the same meter.
 *
 * <p>Create one per process in the composition root; thread-safe; {@link #close()} is idempotent.
 */
public final class Metrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final JvmGcMetrics gcMetrics;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable DatabaseGauges databaseGauges;

  private Metrics(Clock clock) {
    this.clock = clock;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    registerEventMeters(registry);
  }

  /** A registry with JVM metrics bound; {@code clock} dates the database gauges (budget, ages). */
  public static Metrics create(Clock clock) {
    return new Metrics(Objects.requireNonNull(clock, "clock"));
  }

  /** Where the poll cycle, the API client and the dispatcher record their meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Adds the gauges read from {@code dataSource} (tracked videos by state, outbox backlog and
   * oldest pending age, dead deliveries, budget tokens per credential). They cost one query per
   * scrape and show NaN while the database cannot be read. Call at most once.
   */
  public synchronized void registerDatabaseGauges(DataSource dataSource) {
    if (databaseGauges != null) {
      throw new IllegalStateException("database gauges are already registered");
    }
    databaseGauges = new DatabaseGauges(dataSource, clock, registry);
  }

  /**
   * Lets HikariCP publish its pool metrics ({@code hikaricp_connections_*}) here. HikariCP accepts
   * this once per pool, also after the pool started.
   */
  public void instrumentPool(HikariDataSource pool) {
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
  }

  /** Every meter in the Prometheus text format, the database gauges read afresh first. */
  String scrape() {
    DatabaseGauges gauges = databaseGauges;
    if (gauges != null) {
      gauges.refresh();
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      gcMetrics.close();
      registry.close();
    }
  }

  private static void registerEventMeters(MeterRegistry registry) {
    for (String outcome : MetricNames.POLL_OUTCOMES) {
      Counter.builder(MetricNames.POLLS)
          .description("Polls of a video's downloads, by outcome")
          .tag(MetricNames.OUTCOME, outcome)
          .register(registry);
    }
    for (String outcome : MetricNames.DELIVERY_OUTCOMES) {
      Counter.builder(MetricNames.DELIVERIES)
          .description("Webhook delivery attempts, by outcome")
          .tag(MetricNames.OUTCOME, outcome)
          .register(registry);
    }
    for (String status : MetricNames.KNOWN_STATUSES) {
      Counter.builder(MetricNames.TRANSITIONS)
          .description("Download transitions recorded, by the status reached")
          .tag(MetricNames.STATUS, status)
          .register(registry);
    }
    Counter.builder(MetricNames.RATE_LIMITED)
        .description("Cloudflare API answers 429 Too Many Requests")
        .register(registry);
    Counter.builder(MetricNames.VIDEOS_DISCOVERED)
        .description("Videos auto-track discovered and started tracking")
        .register(registry);
    Counter.builder(MetricNames.DISCOVERY_ERRORS)
        .description("Discovery rounds that failed")
        .register(registry);
    // Registered here so its histogram is configured whoever records first.
    Timer.builder(MetricNames.API_REQUEST)
        .description("Duration of Cloudflare API requests")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }
}
