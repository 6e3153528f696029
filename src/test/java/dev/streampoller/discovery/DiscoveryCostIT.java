package dev.streampoller.discovery;

import static dev.streampoller.discovery.DiscoveryFixture.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What discovery costs in requests per hour, measured: one virtual hour of rounds at the interval
 * against the simulator, counting the requests it received. The figures of the README come from
 * this run (it prints them); the assertions hold the rule they follow: one list request per round
 * until the first video is found, then two (forward and look-back), plus one create request per
 * download type of each new video.
 */
@ExtendWith(PostgresExtension.class)
class DiscoveryCostIT {
  private static final long TICK_SECONDS = 5;

  @ParameterizedTest(name = "interval {0}, {1} uploads per hour, downloads {2}")
  @CsvSource({
    "PT1M, 0, default",
    "PT1M, 60, default",
    "PT1M, 60, default+audio",
    "PT5M, 0, default",
    "PT5M, 60, default",
    "PT15M, 60, default",
    "PT1M, 600, default"
  })
  void shouldCostTwoListRequestsPerRoundPlusOneCreatePerNewDownload(
      Duration interval, int uploadsPerHour, String downloads) {
    List<String> types = List.of(downloads.split("\\+"));
    try (DiscoveryFixture f = new DiscoveryFixture(1200)) {
      AccountConfig.AutoTrack settings =
          new AccountConfig.AutoTrack(
              true,
              types,
              interval,
              Optional.empty(),
              Duration.ofHours(24),
              Optional.empty(),
              Optional.empty());
      DiscoveryRound round = f.round("i1", settings);
      round.runOnce(); // enabled: the row is made, the first round runs
      long listBefore = f.listRequests();
      long postsBefore = posts(f);
      long rounds = Duration.ofHours(1).dividedBy(interval);
      int uploaded = 0;
      // The daemon's tick (DiscoveryPart): a round runs when its row says it is due. Uploads
      // spread evenly over the hour; then the rounds go on until discovery has caught up.
      for (long second = TICK_SECONDS; second <= 3600; second += TICK_SECONDS) {
        f.clock.advance(Duration.ofSeconds(TICK_SECONDS));
        while (uploaded < (long) uploadsPerHour * second / 3600) {
          f.simulator.upload(ACCOUNT, "u" + uploaded++, "", "", Duration.ZERO);
        }
        round.runOnce();
      }
      long listInHour = f.listRequests() - listBefore;
      long createsInHour = posts(f) - postsBefore;
      for (int tick = 0;
          tick < 60 && f.count("SELECT count(*) FROM tracked_video") < uploaded;
          tick++) {
        f.clock.advance(Duration.ofSeconds(TICK_SECONDS));
        round.runOnce();
      }
      long list = f.listRequests() - listBefore;
      long creates = posts(f) - postsBefore;
      System.out.printf(
          "discovery cost: interval %s, %d uploads/h, downloads %s: %d list + %d create"
              + " = %d requests in the hour (%.2f%% of the default 900 per 5 minutes);"
              + " %d list + %d create with the catch-up after it%n",
          interval,
          uploadsPerHour,
          downloads,
          listInHour,
          createsInHour,
          listInHour + createsInHour,
          100.0 * (listInHour + createsInHour) / (900 * 12),
          list,
          creates);

      assertThat(f.count("SELECT count(*) FROM tracked_video")).isEqualTo(uploaded);
      assertThat(creates).isEqualTo((long) uploaded * types.size());
      // Every round lists forward; once a video was found it also looks back. A round that finds
      // more new downloads than the budget's share for discovery holds (the bucket above its
      // reserve) goes on a few seconds later, with another list request: more, never fewer.
      long lookBacks = uploadsPerHour == 0 ? 0 : rounds;
      long newPerRound = (long) uploadsPerHour * types.size() * interval.toSeconds() / 3600;
      if (newPerRound + 1 <= DiscoveryBudget.reserve(1200)) {
        assertThat(list).isEqualTo(rounds + lookBacks);
      } else {
        assertThat(list).isGreaterThan(rounds + lookBacks);
      }
    }
  }

  private static long posts(DiscoveryFixture f) {
    return f.simulator.requestLog().entries().stream()
        .filter(e -> e.method().equals("POST"))
        .count();
  }

  @Test
  void shouldWorkThroughABacklogWithinDiscoverysShareOfTheBudget() {
    // 2,000 ready videos at once (a backfill), MP4 each, the default budget and no polls.
    try (DiscoveryFixture f = new DiscoveryFixture(900)) {
      AccountConfig.AutoTrack settings =
          DiscoveryFixture.autoTrack(
              List.of("default"), Optional.of(java.time.Instant.parse("2026-01-01T00:00:00Z")));
      f.upload("b", 2000);
      DiscoveryRound round = f.round("i1", settings);
      long seconds = 0;
      while (f.count("SELECT count(*) FROM tracked_video") < 2000 && seconds < 6 * 3600) {
        round.runOnce();
        f.clock.advance(Duration.ofSeconds(TICK_SECONDS));
        seconds += TICK_SECONDS;
      }
      long list = f.listRequests();
      long creates = posts(f);
      System.out.printf(
          "discovery backlog: 2000 videos, downloads default, budget 900 per 5 minutes, no polls:"
              + " all tracked after %d s (virtual), %d list + %d create requests, %.1f requests"
              + " per second%n",
          seconds, list, creates, (list + creates) / (double) seconds);
      assertThat(f.count("SELECT count(*) FROM tracked_video")).isEqualTo(2000);
      assertThat(creates).isEqualTo(2000);
      // Never faster than the bucket's refill: discovery cannot outspend the budget.
      double refillPerSecond = (900 - 30) / 300.0;
      assertThat((double) (list + creates)).isLessThanOrEqualTo(30 + refillPerSecond * seconds);
    }
  }

  @Test
  void shouldNeedNoMoreThanTheIntervalsRoundsToFindANewVideo() {
    // Guard for the figures above: a video uploaded just after a round is found at the next.
    try (DiscoveryFixture f = new DiscoveryFixture(1200)) {
      AccountConfig.AutoTrack settings = DiscoveryFixture.autoTrack(List.of(), Optional.empty());
      DiscoveryRound round = f.round("i1", settings);
      round.runOnce();
      f.clock.advance(Duration.ofMillis(1));
      f.simulator.upload(ACCOUNT, "late", "", "", Duration.ZERO);
      f.clock.advance(DiscoveryFixture.INTERVAL.minusMillis(1));
      assertThat(round.runOnce()).isEqualTo(1);
    }
  }
}
