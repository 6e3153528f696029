package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.testing.PostgresExtension;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the poll loop wakes next ({@link PollCycle#untilNextWake()}): at the moment its next claim
 * can succeed, from the rows and the budget, with the injected clock standing still.
 */
@ExtendWith(PostgresExtension.class)
class PollWakeIT {
  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldWakeWhenTheJustPolledVideoIsClaimableAgain() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid1",
        List.of(ScriptedDownload.ready("default", Duration.ofMinutes(10))));
    f.track("vid1");
    PollCycle cycle = f.cycle("worker-1");

    assertThat(cycle.runOnce()).isEqualTo(1);

    // Polled just now and still in progress: claimable again (work conservation) after the
    // minimum interval, well before a 1 s tick would have to come round twice.
    assertThat(cycle.untilNextWake()).contains(LoopFixture.MIN);
  }

  @Test
  void shouldWakeAtTheEarliestBudgetWithBothAVideoAndAToken() {
    Instant now = f.clock.instant();
    // Budget "waiting": its video is due now, but its bucket is empty and 12 requests per 5
    // minutes refill one token in 25 s. Budget "later": tokens to spare, its video claimable in
    // 40 s. Budget "idle": a full bucket and nothing tracked.
    f.database.run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.executeUpdate(
                "INSERT INTO request_budget (credential_id, tokens, capacity, refill_per_second,"
                    + " updated_at) VALUES ('token:waiting', 0, 12, 0.04, '"
                    + now
                    + "')");
            s.executeUpdate(
                "INSERT INTO tracked_video (account_id, video_uid, created_at, last_polled_at,"
                    + " next_poll_at) VALUES ('accwaiting', 'v1', '"
                    + now.minusSeconds(3600)
                    + "', '"
                    + now.minusSeconds(60)
                    + "', '"
                    + now
                    + "'), ('acclater', 'v2', '"
                    + now.minusSeconds(3600)
                    + "', '"
                    + now
                    + "', '"
                    + now.plusSeconds(40)
                    + "')");
          }
        });
    BudgetClaims claims =
        new BudgetClaims(
            f.database,
            new PollCycle.Settings(
                "worker-1",
                new PollPolicy(Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofHours(1)),
                10,
                LoopFixture.LEASE,
                Duration.ofSeconds(1),
                1));

    Optional<Instant> wake =
        claims.nextWake(
            List.of(group("later", 1200), group("waiting", 12), group("idle", 1200)), now);

    assertThat(wake).contains(now.plusSeconds(25));
    assertThat(claims.nextWake(List.of(group("later", 1200)), now)).contains(now.plusSeconds(40));
    assertThat(claims.nextWake(List.of(group("idle", 1200)), now)).isEmpty();
  }

  private PollCycle.Group group(String budget, int requestsPerFiveMinutes) {
    String account = "acc" + budget;
    String budgetId = "token:" + budget;
    return new PollCycle.Group(
        budgetId,
        requestsPerFiveMinutes,
        Map.of(account, new PolledAccount(account, f.client, budgetId, requestsPerFiveMinutes)));
  }

  @Test
  void shouldNotWakeEarlyWhenNothingIsTracked() {
    PollCycle cycle = f.cycle("worker-1");

    cycle.runOnce();

    assertThat(cycle.untilNextWake()).isEmpty();
  }
}
