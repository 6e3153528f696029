package dev.streampoller.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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

  // One statement, one round trip: rows of (kind, name, amount, capacity, refill, at).
  private static final String SNAPSHOT =
      """
      SELECT 'video' AS kind, coalesce(end_reason, 'active') AS name, count(*)::float8 AS amount,
             NULL::float8 AS capacity, NULL::float8 AS refill_per_second, NULL::timestamptz AS at
        FROM tracked_video
       GROUP BY coalesce(end_reason, 'active')
      UNION ALL
      SELECT 'delivery', state, count(*)::float8, NULL, NULL, min(created_at)
        FROM webhook_delivery
       WHERE state IN ('pending', 'dead')
       GROUP BY state
      UNION ALL
      SELECT 'budget', credential_id, tokens, capacity, refill_per_second, updated_at
        FROM request_budget
      """;

  private final BoundedRead<DatabaseSnapshot> read;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Set<String> credentialsWithGauges = ConcurrentHashMap.newKeySet();
  private volatile @Nullable DatabaseSnapshot last;
  private volatile boolean failing;

  DatabaseGauges(DataSource dataSource, Clock clock, MeterRegistry registry) {
    this.read = new BoundedRead<>(dataSource, this::query, QUERY_TIMEOUT, "ops-gauges-read");
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

  private DatabaseSnapshot query(Connection c) throws SQLException {
    Instant now = clock.instant();
    Map<String, Long> videos = new HashMap<>();
    Map<String, DatabaseSnapshot.Budget> budgets = new HashMap<>();
    long pending = 0;
    long dead = 0;
    double oldestAge = 0;
    try (PreparedStatement s = c.prepareStatement(SNAPSHOT)) {
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString("name");
          double amount = rs.getDouble("amount");
          Timestamp at = rs.getTimestamp("at");
          switch (rs.getString("kind")) {
            case "video" -> videos.put(name, (long) amount);
            case "delivery" -> {
              if (name.equals("dead")) {
                dead = (long) amount;
              } else {
                pending = (long) amount;
                oldestAge = at == null ? 0 : secondsBetween(at.toInstant(), now);
              }
            }
            default ->
                budgets.put(
                    name,
                    budgetAt(
                        amount,
                        rs.getDouble("capacity"),
                        rs.getDouble("refill_per_second"),
                        secondsBetween(at.toInstant(), now)));
          }
        }
      }
    }
    return new DatabaseSnapshot(videos, pending, oldestAge, dead, budgets);
  }

  /** The bucket as a claim at {@code elapsed} seconds after its last update would see it. */
  static DatabaseSnapshot.Budget budgetAt(
      double tokens, double capacity, double refillPerSecond, double elapsedSeconds) {
    return new DatabaseSnapshot.Budget(
        Math.min(capacity, tokens + elapsedSeconds * refillPerSecond), capacity);
  }

  /** Never negative: another instance's clock may be slightly ahead of ours. */
  private static double secondsBetween(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
  }

  private void registerBudgetGauges(String credential) {
    if (!credentialsWithGauges.add(credential)) {
      return;
    }
    gauge(
            MetricNames.BUDGET_TOKENS,
            "Requests left in the credential's budget",
            s -> budget(s, credential).tokens())
        .tag(MetricNames.CREDENTIAL, credential)
        .register(registry);
    gauge(
            MetricNames.BUDGET_CAPACITY,
            "Capacity of the credential's budget",
            s -> budget(s, credential).capacity())
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
