package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.db.Database;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.testing.Race;
import dev.streampoller.tracking.VideoKey;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outbox claims ({@link DeliveryRepository#claimDue}) racing each other, the old owner's renewal or
 * outcome, and an endpoint being disabled, on the real PostgreSQL: threads with their own
 * connections, released together by a barrier, many rounds. A delivery is sent only after its claim
 * was renewed, so "renewed by the old owner and re-claimed by a new one" is the same event sent
 * twice by two live claims.
 *
 * <p>Checked to fail, by removing each guard once: without {@code FOR UPDATE SKIP LOCKED} every
 * race test fails (deliveries claimed twice, renewal and re-claim both winning, dead rows claimed)
 * and {@link #shouldClaimOtherLanesWithoutWaitingForAClaimerThatHoldsItsRows} hits its lock
 * timeout; with {@code FOR UPDATE} but no {@code SKIP LOCKED} the latter still fails; without the
 * conditions repeated on the locked row {@code w} (PostgreSQL re-checks only those after a row
 * changed under the claim) the four race tests fail: a row claimed, renewed, delivered or killed by
 * a transaction that committed meanwhile is claimed again; without the live-claim guard of {@code
 * EndpointRepository}'s kill of pending rows, the disable race marks claimed rows dead.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentDeliveryClaimsIT {
  private static final int ROUNDS = 25;
  private static final int CLAIMERS = 4;
  private static final List<String> ENDPOINTS = List.of("one", "two", "three");
  private static final int PER_ENDPOINT = 10;
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final URI TARGET = URI.create("http://127.0.0.1:9/hooks");

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final Database database = new Database(PostgresExtension.dataSource());
  private final DeliveryRepository deliveries = new DeliveryRepository();
  private final EndpointRepository endpoints = new EndpointRepository();
  private final Race race = new Race(CLAIMERS + 1);

  @AfterEach
  void close() {
    race.close();
  }

  @Test
  void shouldGiveConcurrentClaimersDisjointDeliveriesAndEveryDueOneToExactlyOne() {
    Set<Long> due = enqueue(ENDPOINTS, PER_ENDPOINT);

    for (int round = 0; round < ROUNDS; round++) {
      List<Set<Long>> claims = race.run(claimers("claimer", round, CLAIMERS));

      assertThat(claims.stream().mapToInt(Set::size).sum())
          .as("round %d: claimed twice", round)
          .isEqualTo(union(claims).size());
      assertThat(union(claims)).as("round %d: claimed once each", round).isEqualTo(due);
      execute("UPDATE webhook_delivery SET claimed_by = NULL, claimed_until = NULL");
    }
  }

  @Test
  void shouldClaimOtherLanesWithoutWaitingForAClaimerThatHoldsItsRows() throws SQLException {
    enqueue(ENDPOINTS, 5);
    try (Connection holder = PostgresExtension.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try {
        // A claimer that has not committed yet holds the rows of endpoint "one".
        List<Delivery> held =
            deliveries.claimDue(holder, "holder", now(), LEASE, 5, List.of("one"), List.of());
        List<Delivery> other =
            database.inTransaction(
                c -> {
                  try (Statement s = c.createStatement()) {
                    // Skipping never waits; waiting for the holder would end here, not hang.
                    s.execute("SET LOCAL lock_timeout = '5s'");
                  }
                  return deliveries.claimDue(c, "other", now(), LEASE, 5, ENDPOINTS, List.of());
                });

        assertThat(held).hasSize(5);
        assertThat(other).hasSize(10).extracting(Delivery::endpoint).doesNotContain("one");
      } finally {
        holder.rollback();
      }
    }
  }

  @Test
  void shouldLetEitherTheOldOwnersRenewalOrARenewedClaimWinNeverBoth() {
    for (int round = 0; round < ROUNDS; round++) {
      String old = "old/" + round;
      List<Long> ids = expiredClaims(old);
      Instant now = now();
      List<Callable<Set<Long>>> tasks = new ArrayList<>(claimers("new", round, 2));
      tasks.add(
          () -> {
            Set<Long> renewed = new HashSet<>();
            for (long id : ids) {
              if (database.inTransaction(c -> deliveries.renewClaim(c, id, old, now.plus(LEASE)))) {
                renewed.add(id);
              }
            }
            return renewed;
          });

      assertExactlyOneWinnerEach(round, ids, race.run(tasks));
      execute("DELETE FROM webhook_delivery");
    }
  }

  @Test
  void shouldLetEitherTheOldOwnersDeliveredMarkOrARenewedClaimWinNeverBoth() {
    for (int round = 0; round < ROUNDS; round++) {
      String old = "old/" + round;
      List<Long> ids = expiredClaims(old);
      Instant now = now();
      List<Callable<Set<Long>>> tasks = new ArrayList<>(claimers("new", round, 2));
      tasks.add(
          () -> {
            Set<Long> delivered = new HashSet<>();
            for (long id : ids) {
              if (database.inTransaction(c -> deliveries.markDelivered(c, id, old, now, 200))) {
                delivered.add(id);
              }
            }
            return delivered;
          });

      List<Set<Long>> winners = race.run(tasks);

      assertExactlyOneWinnerEach(round, ids, winners);
      assertThat(count("SELECT count(*) FROM webhook_delivery WHERE state = 'delivered'"))
          .isEqualTo(winners.get(2).size());
      execute("DELETE FROM webhook_delivery");
    }
  }

  @Test
  void shouldNeverClaimADeliveryThatADisabledEndpointMarkedDead() {
    execute(
        "INSERT INTO webhook_endpoint (name, url, url_fingerprint, updated_at)"
            + " VALUES ('one', 'http://127.0.0.1:9/hooks', repeat('0', 64), now())");
    for (int round = 0; round < ROUNDS; round++) {
      Set<Long> ids = enqueue(List.of("one"), 20);
      List<Callable<Set<Long>>> tasks = new ArrayList<>(claimers("claimer", round, CLAIMERS - 1));
      tasks.add(
          () -> {
            database.inTransaction(c -> endpoints.disable(c, "one", "HTTP 410 Gone", now()));
            return Set.of();
          });

      List<Set<Long>> claims = race.run(tasks);

      Set<Long> claimed = union(claims);
      Map<Long, String> states = states();
      assertThat(claims.stream().mapToInt(Set::size).sum()).isEqualTo(claimed.size());
      for (long id : ids) {
        assertThat(states.get(id))
            .as("round %d: delivery %d, claimed: %s", round, id, claimed.contains(id))
            .isEqualTo(claimed.contains(id) ? "pending claimed" : "dead");
      }
      execute("DELETE FROM webhook_delivery");
      database.inTransaction(c -> endpoints.enable(c, "one", now()));
    }
  }

  /** Each delivery is won by exactly one of the racers (the last one is the old owner). */
  private void assertExactlyOneWinnerEach(int round, List<Long> ids, List<Set<Long>> winners) {
    for (long id : ids) {
      assertThat(winners.stream().filter(w -> w.contains(id)).count())
          .as("round %d: racers that won delivery %d (new, new, old): %s", round, id, winners)
          .isEqualTo(1);
    }
  }

  /** Deliveries claimed by {@code old} whose lease has just expired. */
  private List<Long> expiredClaims(String old) {
    Set<Long> ids = enqueue(ENDPOINTS, 4);
    List<Delivery> claimed =
        database.inTransaction(
            c -> deliveries.claimDue(c, old, now(), LEASE, PER_ENDPOINT, ENDPOINTS, List.of()));
    assertThat(claimed).extracting(Delivery::id).hasSameElementsAs(ids);
    clock.advance(LEASE.plusSeconds(1));
    return List.copyOf(ids);
  }

  private List<Callable<Set<Long>>> claimers(String name, int round, int count) {
    List<Callable<Set<Long>>> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String token = name + "-" + i + "/" + round;
      tasks.add(
          () ->
              database
                  .inTransaction(
                      c ->
                          deliveries.claimDue(
                              c, token, now(), LEASE, PER_ENDPOINT * 2, ENDPOINTS, List.of()))
                  .stream()
                  .map(Delivery::id)
                  .collect(Collectors.toSet()));
    }
    return tasks;
  }

  private Set<Long> enqueue(List<String> names, int each) {
    Instant now = now();
    database.run(
        c -> {
          for (String endpoint : names) {
            for (int i = 0; i < each; i++) {
              deliveries.enqueue(
                  c,
                  WebhookEvents.newEventId(),
                  WebhookEvents.DOWNLOAD_READY,
                  new VideoKey("acc1", "vid" + i),
                  "default",
                  "{}",
                  endpoint,
                  TARGET,
                  now);
            }
          }
        });
    return Set.copyOf(
        database.inTransaction(
            c -> {
              List<Long> ids = new ArrayList<>();
              try (var rs =
                  c.createStatement()
                      .executeQuery("SELECT id FROM webhook_delivery WHERE state = 'pending'")) {
                while (rs.next()) {
                  ids.add(rs.getLong(1));
                }
              }
              return ids;
            }));
  }

  /** Per delivery: "dead", "pending claimed" or "pending" (and so on). */
  private Map<Long, String> states() {
    return database.inTransaction(
        c -> {
          Map<Long, String> states = new java.util.HashMap<>();
          try (var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT id, state || CASE WHEN claimed_by IS NULL THEN '' ELSE ' claimed' END"
                          + " FROM webhook_delivery")) {
            while (rs.next()) {
              states.put(rs.getLong(1), rs.getString(2));
            }
          }
          return states;
        });
  }

  private static Set<Long> union(List<Set<Long>> claims) {
    return claims.stream().flatMap(Set::stream).collect(Collectors.toSet());
  }

  private Instant now() {
    return clock.instant();
  }

  private long count(String sql) {
    return database.inTransaction(
        c -> {
          try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private void execute(String sql) {
    database.run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
          }
        });
  }
}
