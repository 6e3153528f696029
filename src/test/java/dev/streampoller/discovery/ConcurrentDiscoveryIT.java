package dev.streampoller.discovery;

import static dev.streampoller.discovery.DiscoveryFixture.ACCOUNT;
import static dev.streampoller.discovery.DiscoveryFixture.INTERVAL;
import static dev.streampoller.discovery.DiscoveryFixture.autoTrack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.simulator.Fault;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several instances and restarts: one round at a time per account (the discovery row's lease),
 * every video tracked exactly once, none missed, late-ready ones included.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentDiscoveryIT {
  private final DiscoveryFixture f = new DiscoveryFixture(1200);
  private final AccountConfig.AutoTrack mp4 = autoTrack(List.of("default"), Optional.empty());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldLetOnlyOneInstanceRunARoundAtATime() {
    f.round("setup", mp4).runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 5);
    f.clock.advance(INTERVAL);
    // The first list answer is held back, so the other instance's claim comes while it runs.
    f.simulator.enqueueFault(Fault.latency(Duration.ofMillis(700)));
    long before = f.listRequests();

    try (Race race = new Race(2)) {
      List<Integer> found =
          race.run(
              List.<Callable<Integer>>of(
                  () -> f.round("i1", mp4).runOnce(), () -> f.round("i2", mp4).runOnce()));
      assertThat(found).containsExactlyInAnyOrder(5, 0);
    }
    // Without the lease both would have listed (the forward request; the look-back one follows
    // only in the round that ran).
    assertThat(f.listRequests() - before).isEqualTo(2);
    assertThat(f.count("SELECT count(*) FROM tracked_video")).isEqualTo(5);
    assertThat(f.simulator.requestLog().entries().stream().filter(e -> e.method().equals("POST")))
        .hasSize(5);
  }

  @Test
  void shouldKeepASecondInstanceOutWhileTheFirstIsInTheMiddleOfItsRound() throws Exception {
    f.round("setup", mp4).runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 5);
    f.clock.advance(INTERVAL);
    f.simulator.enqueueFault(Fault.latency(Duration.ofSeconds(2)));
    long before = f.listRequests();

    ExecutorService first = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> running = first.submit(() -> f.round("i1", mp4).runOnce());
      // i1 holds the lease and waits for its list answer: i2 runs now, at the same time.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  f.simulator.requestLog().entries().stream()
                      .anyMatch(e -> e.path().endsWith("/stream") && e.endedAt() == null));
      assertThat(f.round("i2", mp4).runOnce()).isZero();
      assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(5);
    } finally {
      first.shutdownNow();
    }
    // i1's forward and look-back requests; i2 sent none.
    assertThat(f.listRequests() - before).isEqualTo(2);
    assertThat(f.count("SELECT count(*) FROM tracked_video")).isEqualTo(5);
  }

  @Test
  void shouldTrackEveryVideoExactlyOnceAcrossInstancesRestartsAndCrashes() {
    Random random = new Random(13);
    Set<String> uploaded = new HashSet<>();
    f.round("setup", mp4).runOnce();
    int next = 0;
    try (Race race = new Race(3)) {
      for (int step = 0; step < 25; step++) {
        f.clock.advance(Duration.ofSeconds(1));
        for (int i = random.nextInt(4); i > 0; i--) {
          String uid = "u" + next++;
          // One in four is still encoding when first listed: ready 0-5 minutes later.
          Duration encoding =
              random.nextInt(4) == 0 ? Duration.ofSeconds(random.nextInt(300)) : Duration.ZERO;
          f.simulator.upload(ACCOUNT, uid, "", "", encoding);
          uploaded.add(uid);
        }
        f.clock.advance(INTERVAL);
        if (step % 7 == 3) {
          // An instance claims the round and dies: its lease must run out first.
          Instant now = f.clock.instant();
          f.database.run(
              c ->
                  new DiscoveryRepository()
                      .claim(c, ACCOUNT, "crashed", now, now.plus(Duration.ofSeconds(30))));
        }
        // Fresh instances every step, as after a restart; three at once.
        List<Callable<Integer>> rounds = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
          String owner = "s" + step + "-i" + n;
          rounds.add(() -> f.round(owner, mp4).runOnce());
        }
        race.run(rounds);
      }
    }
    // Let the stragglers finish encoding and the leases run out, then let discovery catch up.
    for (int i = 0; i < 8; i++) {
      f.clock.advance(INTERVAL);
      f.round("final", mp4).runOnce();
    }

    Set<String> tracked = new HashSet<>();
    f.database.run(
        c -> {
          try (var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT video_uid FROM tracked_video WHERE source = 'discovered'")) {
            while (rs.next()) {
              tracked.add(rs.getString(1));
            }
          }
        });
    assertThat(uploaded).hasSizeGreaterThan(20);
    assertThat(tracked).isEqualTo(uploaded);
    assertThat(f.count("SELECT videos_found FROM discovery")).isEqualTo(uploaded.size());
    // Each download created once: a video is tracked, and its download asked for, once.
    assertThat(f.simulator.requestLog().entries().stream().filter(e -> e.method().equals("POST")))
        .hasSize(uploaded.size());
  }
}
