package dev.streampoller.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauges read from the database: tracked videos by state, outbox backlog, dead deliveries and
 * the request budget of each credential. {@link #refresh()} reads all of them in one query and is
 * called once per scrape; the gauges only read the last snapshot, so a scrape costs one round trip
 * however many gauges there are, and a failing database shows as NaN instead of failing the scrape.
 * A scrape waits at most {@link #QUERY_TIMEOUT} for the query, whatever the database does (see
 * {@link BoundedRead}); without an answer by then the gauges show NaN. Thread-safe.
 */
final class DatabaseGauges {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseGauges.class);

  /** How long a scrape waits for the gauges' query: well within a Prometheus scrape timeout. */
  static final Duration QUERY_TIMEOUT = Duration.ofMillis(1500);

  private final BoundedRead<DatabaseSnapshot> read;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Set<String> credentialsWithGauges = ConcurrentHashMap.newKeySet();
  private volatile @Nullable DatabaseSnapshot last;
  private volatile boolean failing;

  DatabaseGauges(DataSource dataSource, Clock clock, MeterRegistry registry) {
    this.read =
        new BoundedRead<>(
            dataSource,
            c -> OpsQueries.snapshot(c, clock.instant()),
            QUERY_TIMEOUT,
            "ops-gauges-read");
    this.clock = clock;
    this.registry = registry;
    for (String state : MetricNames.VIDEO_STATES) {
      gauge(MetricNames.TRACKED_VIDEOS, "Tracked videos by state", s -> s.videos(state))
          .tag(MetricNames.STATE, state)
          .register(registry);
    }
    gauge(MetricNames.OUTBOX_PENDING, "Webhook deliveries waiting to be sent", s -> s.pending())
        .register(registry);
    gauge(
            MetricNames.OUTBOX_OLDEST_PENDING_AGE,
            "Age of the oldest pending webhook delivery",
            DatabaseSnapshot::oldestPendingAgeSeconds)
        .baseUnit("seconds")
        .register(registry);
    gauge(MetricNames.DELIVERIES_DEAD, "Webhook deliveries given up", s -> s.dead())
        .register(registry);
  }

  /**
   * Reads a new snapshot; on failure the gauges show NaN until a later refresh succeeds. Never
   * throws: it runs inside a scrape.
   */
  void refresh() {
    BoundedRead.Outcome<DatabaseSnapshot> outcome = read.read();
    if (outcome.value().isPresent()) {
      DatabaseSnapshot snapshot = outcome.value().get();
      snapshot.budgets().keySet().forEach(this::registerBudgetGauges);
      last = snapshot;
      if (failing) {
        LOG.info("Database gauges readable again");
      }
      failing = false;
      return;
    }
    last = null;
    String why =
        outcome.timedOut()
            ? "no answer within " + QUERY_TIMEOUT.toMillis() + " ms"
            : outcome.failure().map(HealthCheck::describe).orElse("no snapshot");
    // One WARN per outage, not one per scrape.
    if (!failing) {
      LOG.warn("Database gauges unavailable, showing NaN: {}", why);
    } else {
      LOG.debug("Database gauges still unavailable: {}", why);
    }
    failing = true;
  }

  private void registerBudgetGauges(String credential) {
    if (!credentialsWithGauges.add(credential)) {
      return;
    }
    budgetGauge(
        credential,
        MetricNames.BUDGET_TOKENS,
        "Requests left in the credential's budget",
        DatabaseSnapshot.Budget::tokens);
    budgetGauge(
        credential,
        MetricNames.BUDGET_CAPACITY,
        "Capacity of the credential's budget",
        DatabaseSnapshot.Budget::capacity);
  }

  private void budgetGauge(
      String credential,
      String name,
      String description,
      ToDoubleFunction<DatabaseSnapshot.Budget> value) {
    gauge(name, description, s -> value.applyAsDouble(budget(s, credential)))
        .tag(MetricNames.CREDENTIAL, credential)
        .register(registry);
  }

  private static DatabaseSnapshot.Budget budget(DatabaseSnapshot snapshot, String credential) {
    return snapshot
        .budgets()
        .getOrDefault(credential, new DatabaseSnapshot.Budget(Double.NaN, Double.NaN));
  }

  private Gauge.Builder<DatabaseGauges> gauge(
      String name, String description, ToDoubleFunction<DatabaseSnapshot> value) {
    return Gauge.builder(
            name,
            this,
            gauges -> {
              DatabaseSnapshot snapshot = gauges.last;
              return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
            })
        .description(description)
        .strongReference(true);
  }
}
