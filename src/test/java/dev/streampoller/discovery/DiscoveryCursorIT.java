package dev.streampoller.discovery;

import static dev.streampoller.discovery.DiscoveryFixture.ACCOUNT;
import static dev.streampoller.discovery.DiscoveryFixture.INTERVAL;
import static dev.streampoller.discovery.DiscoveryFixture.autoTrack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cursor where videos share a created time: Cloudflare does not promise distinct ones, and
 * whether {@code after} is strict is not documented ("alias for start"), so no video at the
 * cursor's own time may be skipped, and a time shared by a whole answer must not spin. The tie
 * tests run with the simulator's after/before strict and inclusive.
 */
@ExtendWith(PostgresExtension.class)
class DiscoveryCursorIT {
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private final DiscoveryFixture f = new DiscoveryFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private final AccountConfig.AutoTrack watchOnly =
      autoTrack(List.of(), Optional.of(Instant.parse("2026-01-01T00:00:00Z")));

  /** Runs rounds, an interval apart, until one finds nothing; returns the videos found. */
  private int drain(DiscoveryRound round) {
    int total = 0;
    for (int i = 0; i < 10; i++) {
      int found = round.runOnce();
      total += found;
      f.clock.advance(INTERVAL);
      if (found == 0 && i > 0) {
        break;
      }
    }
    return total;
  }

  @ParameterizedTest(name = "after/before inclusive: {0}")
  @ValueSource(booleans = {false, true})
  void shouldFindEveryVideoSharingACreatedTimeWhereAFullAnswerEnds(boolean inclusive) {
    f.simulator.listBoundsInclusive(inclusive);
    for (int i = 0; i < 998; i++) {
      f.simulator.upload(ACCOUNT, "a" + i, T0.plusMillis(i), Duration.ZERO);
    }
    // Five videos share one created time; the cap (1,000) falls after the second of them.
    Instant shared = T0.plusSeconds(10);
    for (int i = 0; i < 5; i++) {
      f.simulator.upload(ACCOUNT, "tie" + i, shared, Duration.ZERO);
    }
    f.simulator.upload(ACCOUNT, "later", shared.plusMillis(1), Duration.ZERO);

    assertThat(drain(f.round("i1", watchOnly))).isEqualTo(1004);
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE video_uid LIKE 'tie%'"))
        .isEqualTo(5);
  }

  @ParameterizedTest(name = "after/before inclusive: {0}")
  @ValueSource(booleans = {false, true})
  void shouldFindAVideoSharingTheCursorsTimeThatBecameReadyLater(boolean inclusive) {
    f.simulator.listBoundsInclusive(inclusive);
    DiscoveryRound round = f.round("i1", watchOnly);
    f.simulator.upload(ACCOUNT, "first", T0, Duration.ZERO);
    f.simulator.upload(ACCOUNT, "slow", T0, Duration.ofMinutes(5));
    assertThat(round.runOnce()).isEqualTo(1);
    f.clock.advance(Duration.ofMinutes(10));

    assertThat(drain(round)).isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE video_uid = 'slow'")).isEqualTo(1);
  }

  @Test
  void shouldRecordAnErrorAndBackOffWhenAWholeAnswerSharesTheCursorsTime() {
    for (int i = 0; i < 1001; i++) {
      f.simulator.upload(ACCOUNT, String.format("same%04d", i), T0, Duration.ZERO);
    }
    DiscoveryRound round = f.round("i1", watchOnly);
    assertThat(round.runOnce()).isEqualTo(1000);
    long lists = f.listRequests();

    // The next answer is the same 1,000 videos: the list call cannot get past their time.
    assertThat(round.runOnce()).isZero();
    assertThat(f.listRequests()).isEqualTo(lists + 1);
    assertThat(f.text("SELECT last_error FROM discovery_status")).contains("share");
    assertThat(f.count("SELECT consecutive_failures FROM discovery_status")).isEqualTo(1);
    // Not again at once: the backoff holds it.
    assertThat(round.runOnce()).isZero();
    assertThat(f.listRequests()).isEqualTo(lists + 1);
  }
}
