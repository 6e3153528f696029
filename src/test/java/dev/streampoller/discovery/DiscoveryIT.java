package dev.streampoller.discovery;

import static dev.streampoller.discovery.DiscoveryFixture.ACCOUNT;
import static dev.streampoller.discovery.DiscoveryFixture.INTERVAL;
import static dev.streampoller.discovery.DiscoveryFixture.autoTrack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.ops.MetricNames;
import dev.streampoller.simulator.Fault;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One instance's discovery against the simulator and PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class DiscoveryIT {
  private final DiscoveryFixture f = new DiscoveryFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private final AccountConfig.AutoTrack mp4 = autoTrack(List.of("default"), Optional.empty());

  @Test
  void shouldTrackEachNewReadyVideoOnceWithItsDownloadCreated() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce(); // first enabled now: the row is made, nothing older is wanted
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("new", 3);
    f.clock.advance(INTERVAL);

    assertThat(round.runOnce()).isEqualTo(3);
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE source = 'discovered'"))
        .isEqualTo(3);
    assertThat(f.count("SELECT count(*) FROM video_status WHERE source = 'discovered'"))
        .isEqualTo(3);
    assertThat(f.count("SELECT count(*) FROM download_state WHERE download_type = 'default'"))
        .isEqualTo(3);
    assertThat(f.count("SELECT videos_found FROM discovery_status")).isEqualTo(3);
    assertThat(f.metrics.counter(MetricNames.VIDEOS_DISCOVERED).count()).isEqualTo(3);

    f.clock.advance(INTERVAL);
    assertThat(f.round("i1-restarted", mp4).runOnce()).isZero();
    assertThat(f.count("SELECT count(*) FROM tracked_video")).isEqualTo(3);
  }

  @Test
  void shouldNotBackfillVideosCreatedBeforeItWasFirstEnabledUnlessSinceSaysSo() {
    f.upload("old", 2);
    f.clock.advance(Duration.ofSeconds(1));
    assertThat(f.round("i1", mp4).runOnce()).isZero();
    assertThat(f.count("SELECT count(*) FROM tracked_video")).isZero();

    f.database.run(c -> c.createStatement().execute("DELETE FROM discovery"));
    AccountConfig.AutoTrack backfill =
        autoTrack(List.of(), Optional.of(Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(f.round("i1", backfill).runOnce()).isEqualTo(2);
    assertThat(f.count("SELECT count(*) FROM download_state")).isZero(); // none: only watch
  }

  @Test
  void shouldFindAVideoCreatedBeforeTheCursorThatBecameReadyLater() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.simulator.upload(ACCOUNT, "slow", "", "", Duration.ofMinutes(10));
    f.clock.advance(Duration.ofSeconds(1));
    f.simulator.upload(ACCOUNT, "fast", "", "", Duration.ZERO);
    f.clock.advance(INTERVAL);
    assertThat(round.runOnce()).isEqualTo(1);

    f.clock.advance(Duration.ofMinutes(10));
    assertThat(round.runOnce()).isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE video_uid = 'slow'")).isEqualTo(1);
  }

  @Test
  void shouldNotTrackAgainAVideoTheUserUntracked() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 1);
    f.clock.advance(INTERVAL);
    round.runOnce();
    TrackedVideoRepository videos = new TrackedVideoRepository();
    Instant now = f.clock.instant();
    f.database.run(c -> videos.untrack(c, new VideoKey(ACCOUNT, "v0"), now));

    for (int i = 0; i < 3; i++) {
      f.clock.advance(INTERVAL);
      round.runOnce();
    }
    assertThat(f.text("SELECT end_reason FROM tracked_video WHERE video_uid = 'v0'"))
        .isEqualTo("untracked");
  }

  @Test
  void shouldDiscoverThousandsOverSeveralRoundsOneFullAnswerEach() {
    AccountConfig.AutoTrack watchOnly =
        autoTrack(List.of(), Optional.of(Instant.parse("2026-01-01T00:00:00Z")));
    f.upload("bulk", 2500);
    DiscoveryRound round = f.round("i1", watchOnly);

    assertThat(round.runOnce()).isEqualTo(1000);
    // A full answer: the next round is due at once, not an interval later.
    assertThat(
            f.count(
                "SELECT count(*) FROM discovery WHERE next_run_at <= '" + f.clock.instant() + "'"))
        .isEqualTo(1);
    // Each answer starts with the video at the cursor again (listed from a microsecond before it,
    // so none sharing its created time is passed), known and skipped.
    assertThat(round.runOnce()).isEqualTo(999);
    assertThat(round.runOnce()).isEqualTo(501);
    assertThat(f.count("SELECT count(*) FROM tracked_video")).isEqualTo(2500);
    assertThat(f.count("SELECT count(DISTINCT video_uid) FROM tracked_video")).isEqualTo(2500);
  }

  @Test
  void shouldRecordAMalformedAnswerAndRetryWithBackoffKeepingTheCursor() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    String cursor = f.text("SELECT cursor FROM discovery_status");
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 2);
    f.clock.advance(INTERVAL);
    f.simulator.enqueueFault(Fault.malformedJson());

    assertThat(round.runOnce()).isZero();
    assertThat(f.text("SELECT last_error FROM discovery_status")).contains("list");
    assertThat(f.count("SELECT consecutive_failures FROM discovery_status")).isEqualTo(1);
    assertThat(f.text("SELECT cursor FROM discovery_status")).isEqualTo(cursor);
    assertThat(f.metrics.counter(MetricNames.DISCOVERY_ERRORS).count()).isEqualTo(1);

    f.simulator.enqueueFault(Fault.serverError(503));
    f.clock.advance(INTERVAL);
    assertThat(round.runOnce()).isZero();
    // Second failure in a row: twice the interval before the next try.
    f.clock.advance(INTERVAL);
    long before = f.listRequests();
    assertThat(round.runOnce()).isZero();
    assertThat(f.listRequests()).isEqualTo(before);
    f.clock.advance(INTERVAL);
    assertThat(round.runOnce()).isEqualTo(2);
    assertThat(f.count("SELECT consecutive_failures FROM discovery_status")).isZero();
  }

  @Test
  void shouldEndARoundAtOnceWhenStoppedMidwayAndLetTheNextInstanceGoOn() throws Exception {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 4);
    f.clock.advance(INTERVAL);
    f.simulator.enqueueFault(Fault.latency(Duration.ofSeconds(1)));

    var running = java.util.concurrent.CompletableFuture.supplyAsync(round::runOnce);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                f.simulator.requestLog().entries().stream()
                    .anyMatch(e -> e.path().endsWith("/stream") && e.endedAt() == null));
    round.stop();
    assertThat(running.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    // The lease is given back with the round due at once: another instance goes on.
    assertThat(f.count("SELECT count(*) FROM discovery WHERE claimed_by IS NULL")).isEqualTo(1);
    assertThat(f.round("i2", mp4).runOnce()).isEqualTo(4);
    assertThat(round.runOnce()).isZero();
  }

  @Test
  void shouldPauseWithEverythingElseOnA429() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 1);
    f.clock.advance(INTERVAL);
    f.simulator.enqueueFault(Fault.rateLimited(Duration.ofMinutes(5)));

    assertThat(round.runOnce()).isZero();
    assertThat(f.text("SELECT pause_reason FROM cloudflare_account WHERE account_id = 'acc1'"))
        .isEqualTo("rate_limited");
    long requests = f.listRequests();
    f.clock.advance(Duration.ofMinutes(2));
    assertThat(round.runOnce()).isZero();
    assertThat(f.listRequests()).isEqualTo(requests);

    f.clock.advance(Duration.ofMinutes(4));
    assertThat(round.runOnce()).isEqualTo(1);
  }
}
