package dev.streampoller.discovery;

import static dev.streampoller.discovery.DiscoveryFixture.INTERVAL;
import static dev.streampoller.discovery.DiscoveryFixture.autoTrack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.simulator.Fault;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A round whose lease runs out while it waits on a create request: another instance takes the round
 * over, creates and tracks every video; the first, when its answer comes, has created a download
 * (as an instance killed between the create and the track would have) and records nothing. Each
 * video is tracked once.
 */
@ExtendWith(PostgresExtension.class)
class DiscoveryLeaseIT {
  private final DiscoveryFixture f = new DiscoveryFixture();
  private final AccountConfig.AutoTrack mp4 = autoTrack(List.of("default"), Optional.empty());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldTrackEachVideoOnceWhenALeaseRunsOutBetweenACreateAndItsTrack() throws Exception {
    f.round("setup", mp4).runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 5);
    f.clock.advance(INTERVAL);
    f.simulator.enqueueFault(Fault.latency(Duration.ofSeconds(2)).forVideo("v0"));

    ExecutorService slow = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> first = slow.submit(() -> f.round("i1", mp4).runOnce());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  f.simulator.requestLog().entries().stream()
                      .anyMatch(
                          e ->
                              e.method().equals("POST")
                                  && e.path().contains("/v0/")
                                  && e.endedAt() == null));
      // i1 waits on v0's create; its lease runs out and i2 takes the round.
      f.clock.advance(Duration.ofMinutes(1));
      assertThat(f.round("i2", mp4).runOnce()).isEqualTo(5);
      assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
    } finally {
      slow.shutdownNow();
    }

    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE source = 'discovered'"))
        .isEqualTo(5);
    assertThat(f.count("SELECT count(*) FROM download_state")).isEqualTo(5);
    assertThat(f.count("SELECT videos_found FROM discovery_status")).isEqualTo(5);
    assertThat(f.count("SELECT count(*) FROM discovery WHERE claimed_by IS NOT NULL")).isZero();
    // v0's download was asked for twice (idempotent at Cloudflare), every other once.
    assertThat(f.simulator.requestLog().entries().stream().filter(e -> e.method().equals("POST")))
        .hasSize(6);
  }
}
