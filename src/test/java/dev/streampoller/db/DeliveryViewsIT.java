package dev.streampoller.db;

import static dev.streampoller.db.ViewSql.delivery;
import static dev.streampoller.db.ViewSql.exec;
import static dev.streampoller.db.ViewSql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.PostgresExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code failed_delivery} and {@code delivery_backlog}: the outbox seen from an operator. */
@ExtendWith(PostgresExtension.class)
class DeliveryViewsIT {

  private static void endpoint(Connection c, String name, boolean disabled) throws SQLException {
    exec(
        c,
        """
        INSERT INTO webhook_endpoint (name, url, url_fingerprint, disabled_at, disabled_reason,
                                      updated_at)
        VALUES (?, 'https://hooks.example/' || ?, repeat('0', 64),
                CASE WHEN ? THEN now() END, CASE WHEN ? THEN 'HTTP 410 Gone' END, now())""",
        name,
        name,
        disabled,
        disabled);
  }

  @Test
  void shouldListDeadAndRetryingDeliveriesButNotFreshOrDeliveredOnes(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              delivery(c, "dead0001", "default", "dead", 9, 60);
              delivery(c, "retry001", "default", "pending", 2, 30);
              delivery(c, "fresh001", "default", "pending", 0, 1);
              delivery(c, "done0001", "default", "delivered", 3, 90);
              return rows(
                  c,
                  """
                  SELECT event_id, state, attempts, last_http_status,
                         next_attempt_at IS NULL AS idle,
                         extract(epoch FROM age)::bigint AS age_seconds
                    FROM failed_delivery ORDER BY event_id""");
            });

    assertThat(rows)
        .containsExactly(
            Map.of(
                "event_id",
                "msg_dead0001",
                "state",
                "dead",
                "attempts",
                9,
                "last_http_status",
                503,
                "idle",
                true,
                "age_seconds",
                3600L),
            Map.of(
                "event_id",
                "msg_retry001",
                "state",
                "pending",
                "attempts",
                2,
                "last_http_status",
                503,
                "idle",
                false,
                "age_seconds",
                1800L));
  }

  @Test
  void shouldShowWhenTheEndpointOfAFailedDeliveryWasDisabled(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              endpoint(c, "crm", true);
              delivery(c, "gone0001", "crm", "dead", 1, 5);
              delivery(c, "call0001", "@callback", "dead", 9, 5);
              return rows(
                  c,
                  """
                  SELECT endpoint, endpoint_disabled_at IS NOT NULL AS disabled
                    FROM failed_delivery ORDER BY endpoint""");
            });

    assertThat(rows)
        .containsExactly(
            Map.of("endpoint", "@callback", "disabled", false),
            Map.of("endpoint", "crm", "disabled", true));
  }

  @Test
  void shouldCountTheBacklogOfEveryEndpointIncludingIdleAndUnconfiguredOnes(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              endpoint(c, "default", false);
              endpoint(c, "idle", false);
              delivery(c, "pend0001", "default", "pending", 0, 10);
              delivery(c, "pend0002", "default", "pending", 3, 40);
              delivery(c, "dead0001", "default", "dead", 9, 600);
              delivery(c, "done0001", "default", "delivered", 1, 900);
              delivery(c, "call0001", "@callback", "pending", 1, 20);
              // due now rather than in a minute
              exec(
                  c,
                  "UPDATE webhook_delivery SET next_attempt_at = now() WHERE event_id = ?",
                  "msg_pend0001");
              return rows(
                  c,
                  """
                  SELECT endpoint, configured, pending, pending_due, retrying, dead,
                         extract(epoch FROM oldest_pending_age)::bigint AS oldest_seconds
                    FROM delivery_backlog ORDER BY endpoint""");
            });

    Map<String, @Nullable Object> idle = new HashMap<>();
    idle.putAll(
        Map.of(
            "endpoint", "idle",
            "configured", true,
            "pending", 0L,
            "pending_due", 0L,
            "retrying", 0L,
            "dead", 0L));
    idle.put("oldest_seconds", null);
    assertThat(rows)
        .containsExactly(
            Map.of(
                "endpoint", "@callback",
                "configured", false,
                "pending", 1L,
                "pending_due", 0L,
                "retrying", 1L,
                "dead", 0L,
                "oldest_seconds", 1200L),
            Map.of(
                "endpoint", "default",
                "configured", true,
                "pending", 2L,
                "pending_due", 1L,
                "retrying", 1L,
                "dead", 1L,
                "oldest_seconds", 2400L),
            idle);
  }

  @Test
  void shouldShowTheTokensAvailableNowRefilledSinceTheLastClaimAndCapped(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              exec(
                  c,
                  """
                  INSERT INTO request_budget
                      (credential_id, tokens, capacity, refill_per_second, updated_at)
                  VALUES ('token:aaaa', 1, 30, 2.9, now() - interval '2 seconds'),
                         ('token:bbbb', 1, 30, 2.9, now() - interval '1 hour'),
                         ('key:ops@example.com', 3, 30, 2.9, now() + interval '5 seconds')""");
              return rows(
                  c,
                  """
                  SELECT credential_id, round(tokens_now::numeric, 3) AS tokens_now,
                         requests_per_5_minutes
                    FROM poll_budget ORDER BY credential_id""");
            });

    assertThat(rows)
        .extracting(row -> row.get("credential_id") + " " + row.get("tokens_now"))
        .containsExactly("key:ops@example.com 3.000", "token:aaaa 6.800", "token:bbbb 30.000");
    assertThat(rows)
        .allSatisfy(row -> assertThat(row.get("requests_per_5_minutes")).isEqualTo(900));
  }
}
