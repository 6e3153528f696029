package dev.streampoller.discovery;

import static dev.streampoller.discovery.DiscoveryFixture.ACCOUNT;
import static dev.streampoller.discovery.DiscoveryFixture.INTERVAL;
import static dev.streampoller.discovery.DiscoveryFixture.autoTrack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.polling.BudgetReservation;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Discovery ranks below polls: it leaves the bucket's reserve to them. */
@ExtendWith(PostgresExtension.class)
class DiscoveryBudgetIT {
  // 300 per 5 minutes: a bucket of 10 tokens, of which discovery leaves 5 to polls.
  private final DiscoveryFixture f = new DiscoveryFixture(300);
  private final AccountConfig.AutoTrack mp4 = autoTrack(List.of("default"), Optional.empty());

  @AfterEach
  void close() {
    f.close();
  }

  private BudgetReservation.Outcome poll(int tokens) {
    AccountConfig account = f.account(mp4);
    Instant now = f.clock.instant();
    return f.database.inTransaction(
        c ->
            new BudgetReservation()
                .reserve(
                    c,
                    new BudgetReservation.Request(
                        ACCOUNT,
                        account.credential().budgetId(),
                        300,
                        tokens,
                        BudgetReservation.PauseRule.ANY),
                    now));
  }

  @Test
  void shouldLeaveTheReserveToPollsWhileWorkingThroughABacklog() {
    AccountConfig.AutoTrack backfill =
        autoTrack(List.of("default"), Optional.of(Instant.parse("2026-01-01T00:00:00Z")));
    f.upload("b", 100);
    DiscoveryRound round = f.round("i1", backfill);

    int found = round.runOnce();
    // The round took what was above the reserve and stopped: 10 tokens, 1 list, 4 creates.
    assertThat(found).isEqualTo(4);
    assertThat(poll(5)).isInstanceOf(BudgetReservation.Outcome.Taken.class);
    // It went on as soon as the bucket had refilled above the reserve, not an interval later,
    // and counts as a successful round.
    assertThat(f.count("SELECT consecutive_failures FROM discovery")).isZero();
    assertThat(f.text("SELECT last_success_at IS NOT NULL FROM discovery")).isEqualTo("t");
    for (int i = 0; i < 200 && f.count("SELECT count(*) FROM tracked_video") < 100; i++) {
      f.clock.advance(Duration.ofSeconds(5));
      round.runOnce();
    }
    assertThat(f.count("SELECT count(*) FROM tracked_video")).isEqualTo(100);
  }

  @Test
  void shouldLeaveTheReserveToPollsAndDiscoverOnceTheBucketRefills() {
    assertThat(DiscoveryBudget.reserve(300)).isEqualTo(5);
    f.round("i1", mp4).runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 1);
    f.clock.advance(INTERVAL);
    // Polls have spent the bucket down to its reserve (10 tokens after the refill).
    assertThat(poll(5)).isInstanceOf(BudgetReservation.Outcome.Taken.class);
    long before = f.listRequests();

    assertThat(f.round("i1", mp4).runOnce()).isZero();
    assertThat(f.listRequests()).isEqualTo(before);
    // Held back is no failure, and a poll still gets its token.
    assertThat(f.count("SELECT consecutive_failures FROM discovery")).isZero();
    assertThat(poll(1)).isInstanceOf(BudgetReservation.Outcome.Taken.class);

    f.clock.advance(Duration.ofMinutes(1));
    assertThat(f.round("i1", mp4).runOnce()).isEqualTo(1);
  }
}
