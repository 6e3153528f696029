package dev.streampoller.discovery;

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

/**
 * Small budgets: a round lists only when the bucket can pay for the list and one video's creates
 * besides discovery's reserve; else each round would list, be held back before any create, and list
 * again the next time, never tracking a video. A bucket too small for a list and one video's
 * creates at all is a recorded error, not a loop of list requests.
 */
@ExtendWith(PostgresExtension.class)
class DiscoverySmallBudgetIT {
  private static final Optional<Instant> BACKFILL =
      Optional.of(Instant.parse("2026-01-01T00:00:00Z"));

  private DiscoveryFixture f;

  @AfterEach
  void close() {
    f.close();
  }

  private long trackedAfterRounds(AccountConfig.AutoTrack autoTrack, int rounds) {
    DiscoveryRound round = f.round("i1", autoTrack);
    for (int i = 0; i < rounds; i++) {
      round.runOnce();
      f.clock.advance(Duration.ofSeconds(30));
    }
    return f.count("SELECT count(*) FROM tracked_video");
  }

  @Test
  void shouldTrackVideosWithTwoDownloadTypesOnABucketOfFourTokens() {
    // 120 per 5 minutes: a bucket of 4 tokens; with half of it (2) as discovery's reserve, 3 were
    // left after a list: too few for the 2 creates of a video and the reserve.
    f = new DiscoveryFixture(120);
    f.upload("v", 3);
    assertThat(trackedAfterRounds(autoTrack(List.of("default", "audio"), BACKFILL), 20))
        .isEqualTo(3);
  }

  @Test
  void shouldTrackVideosOnABucketOfTwoTokens() {
    f = new DiscoveryFixture(60);
    f.upload("v", 3);
    assertThat(trackedAfterRounds(autoTrack(List.of("default"), BACKFILL), 20)).isEqualTo(3);
  }

  @Test
  void shouldRecordABucketTooSmallForAListAndOneVideosCreatesWithoutListing() {
    // 60 per 5 minutes: a bucket of 2 tokens, fewer than a list and two creates.
    f = new DiscoveryFixture(60);
    f.upload("v", 3);
    assertThat(trackedAfterRounds(autoTrack(List.of("default", "audio"), BACKFILL), 5)).isZero();
    assertThat(f.listRequests()).isZero();
    assertThat(f.text("SELECT last_error FROM discovery_status"))
        .contains("rate-limit.requests-per-5-minutes");
  }
}
