package dev.streampoller.ops;

import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the ops endpoints read from the database: the health probe and the gauges' snapshot. */
final class OpsQueries {

  private static final Sql PROBE = Sql.of("probe the database", "SELECT 1 AS one");

  // One statement, one round trip: rows of (kind, name, amount, capacity, refill, at).
  private static final Sql SNAPSHOT =
      Sql.of(
          "read the database gauges",
          """
          SELECT 'video' AS kind, coalesce(end_reason, 'active') AS name,
                 count(*)::float8 AS amount, NULL::float8 AS capacity,
                 NULL::float8 AS refill_per_second, NULL::timestamptz AS at
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
          """);

  private record Line(
      String kind,
      String name,
      double amount,
      double capacity,
      double refill,
      @Nullable Instant at) {}

  private OpsQueries() {}

  /** Whether the database answers {@code SELECT 1}. */
  static boolean probe(Connection c) {
    return PROBE.on(c).first(row -> row.integer("one") == 1).orElse(false);
  }

  /** The gauges' values as of {@code now}. */
  static DatabaseSnapshot snapshot(Connection c, Instant now) {
    List<Line> lines =
        SNAPSHOT
            .on(c)
            .list(
                row ->
                    new Line(
                        row.requiredText("kind"),
                        row.requiredText("name"),
                        row.decimal("amount"),
                        row.decimal("capacity"),
                        row.decimal("refill_per_second"),
                        row.nullableInstant("at")));
    Map<String, Long> videos = new HashMap<>();
    Map<String, DatabaseSnapshot.Budget> budgets = new HashMap<>();
    long pending = 0;
    long dead = 0;
    double oldestAge = 0;
    for (Line line : lines) {
      Instant at = line.at();
      switch (line.kind()) {
        case "video" -> videos.put(line.name(), (long) line.amount());
        case "delivery" -> {
          if (line.name().equals("dead")) {
            dead = (long) line.amount();
          } else {
            pending = (long) line.amount();
            oldestAge = at == null ? 0 : secondsBetween(at, now);
          }
        }
        default ->
            budgets.put(
                line.name(),
                budgetAt(
                    line.amount(),
                    line.capacity(),
                    line.refill(),
                    at == null ? 0 : secondsBetween(at, now)));
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
}
