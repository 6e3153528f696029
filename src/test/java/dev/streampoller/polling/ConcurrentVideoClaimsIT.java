package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.testing.Race;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.VideoKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Video claims ({@code TrackedVideoRepository.claimDue}) racing each other, an untrack and a late
 * poll's record on the real PostgreSQL: several threads, each with its own connection, released
 * together, many rounds.
 *
 * <p>Checked to fail, by removing the lock once: without {@code FOR UPDATE SKIP LOCKED} in the
 * claim, {@link #shouldGiveConcurrentClaimersDisjointVideosAndEveryDueVideoToExactlyOne} sees
 * videos claimed twice in round 0, and {@link
 * #shouldNeverLeaveAClaimOnAVideoUntrackedWhileItWasBeingClaimed} sees claims written over videos
 * untracked meanwhile (the outer UPDATE re-checks only its join with the stale subquery rows); with
 * {@code FOR UPDATE} but no {@code SKIP LOCKED}, claimers wait for each other: {@link
 * #shouldClaimOtherDueVideosWithoutWaitingForAClaimerThatHoldsItsRows} fails on its lock timeout
 * and the untrack race ends in "deadlock detected" between claimers. Without {@code FOR UPDATE} in
 * {@code LOCK_CLAIMED}, {@link #shouldRecordALatePollOrHandItsVideoToANewClaimNeverBoth} fails with
 * "claim ... vanished inside its own transaction": the late poll read its claim, a new round took
 * the video, and the poll's own write found the claim gone.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentVideoClaimsIT {
  private static final int ROUNDS = 25;
  private static final int CLAIMERS = 4;
  private static final int VIDEOS = 40;
  private static final int LIMIT = 15;

  private final LoopFixture f = new LoopFixture();
  private final Race race = new Race(CLAIMERS + 1);

  @AfterEach
  void close() {
    race.close();
    f.close();
  }

  @Test
  void shouldGiveConcurrentClaimersDisjointVideosAndEveryDueVideoToExactlyOne() {
    List<VideoKey> due = trackVideos(VIDEOS);

    for (int round = 0; round < ROUNDS; round++) {
      List<List<TrackedVideo>> claims = race.run(claimers(round, CLAIMERS));

      List<VideoKey> claimed = keys(claims);
      assertThat(claimed).as("round %d: claimed twice", round).doesNotHaveDuplicates();
      assertThat(claimed).as("round %d: claimed once each", round).hasSameElementsAs(due);
      assertThat(claims).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(LIMIT));
      releaseEveryClaim();
    }
  }

  @Test
  void shouldClaimOtherDueVideosWithoutWaitingForAClaimerThatHoldsItsRows() throws SQLException {
    trackVideos(20);
    try (Connection holder = PostgresExtension.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try {
        // A claimer that has not committed yet holds the row locks of its 10 videos.
        List<TrackedVideo> held = claim(holder, "holder", 10);
        List<TrackedVideo> other =
            f.database.inTransaction(
                c -> {
                  try (Statement s = c.createStatement()) {
                    // Skipping never waits; waiting for the holder would end here, not hang.
                    s.execute("SET LOCAL lock_timeout = '5s'");
                  }
                  return claim(c, "other", 20);
                });

        assertThat(held).hasSize(10);
        assertThat(other).hasSize(10);
        assertThat(keys(List.of(held, other))).doesNotHaveDuplicates();
      } finally {
        holder.rollback();
      }
    }
  }

  @Test
  void shouldNeverLeaveAClaimOnAVideoUntrackedWhileItWasBeingClaimed() {
    List<VideoKey> all = trackVideos(VIDEOS);
    List<VideoKey> untracked = all.subList(0, VIDEOS / 4);

    for (int round = 0; round < ROUNDS; round++) {
      List<Callable<List<TrackedVideo>>> tasks = new ArrayList<>(claimers(round, CLAIMERS));
      tasks.add(
          () -> {
            for (VideoKey key : untracked) {
              f.database.inTransaction(c -> f.videos.untrack(c, key, f.clock.instant()));
            }
            return List.of();
          });

      List<List<TrackedVideo>> claims = race.run(tasks);

      assertThat(
              f.count(
                  "SELECT count(*) FROM tracked_video WHERE ended_at IS NOT NULL"
                      + " AND claimed_by IS NOT NULL"))
          .as("round %d: untracked videos still claimed", round)
          .isZero();
      assertThat(keys(claims)).as("round %d: claimed twice", round).doesNotHaveDuplicates();
      assertThat(f.count("SELECT count(*) FROM tracked_video WHERE ended_at IS NULL"))
          .isEqualTo(VIDEOS - untracked.size());
      releaseEveryClaim();
      f.database.run(
          c -> {
            for (VideoKey key : untracked) {
              f.videos.track(c, key, f.clock.instant());
            }
          });
    }
  }

  @Test
  void shouldRecordALatePollOrHandItsVideoToANewClaimNeverBoth() {
    PollRecorder recorder = f.recorder();
    List<DownloadSnapshot> observed =
        List.of(new DownloadSnapshot("default", "inprogress", 10.0, null));
    for (int round = 0; round < ROUNDS; round++) {
      // A poll round claimed these videos and stalled past its lease; its answers arrive now,
      // while other rounds claim the videos again.
      String late = "late/" + round;
      List<VideoKey> keys = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        keys.add(f.track("r" + round + "v" + i));
      }
      List<TrackedVideo> stalled = f.database.inTransaction(c -> claim(c, late, 10));
      assertThat(stalled).hasSize(10);
      f.clock.advance(LoopFixture.LEASE.plusSeconds(1));
      List<Callable<List<TrackedVideo>>> tasks = new ArrayList<>(claimers(round, 2));
      List<VideoKey> recorded = new ArrayList<>();
      tasks.add(
          () -> {
            for (VideoKey key : keys) {
              if (recorder
                  .recordDownloads(
                      key, late, observed, f.clock.instant(), LoopFixture.BUDGET, Optional.empty())
                  .claimHeld()) {
                recorded.add(key);
              }
            }
            return List.of();
          });

      List<VideoKey> reclaimed = keys(race.run(tasks));

      for (VideoKey key : keys) {
        int winners = (recorded.contains(key) ? 1 : 0) + Collections.frequency(reclaimed, key);
        assertThat(winners)
            .as("round %d: %s recorded late (%s) and re-claimed", round, key, recorded)
            .isEqualTo(1);
      }
      assertThat(
              f.count(
                  "SELECT count(*) FROM download_transition WHERE video_uid LIKE 'r"
                      + round
                      + "v%'"))
          .isEqualTo(recorded.size());
      untrackAll();
    }
  }

  private List<Callable<List<TrackedVideo>>> claimers(int round, int count) {
    List<Callable<List<TrackedVideo>>> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String token = "claimer-" + i + "/" + round;
      tasks.add(() -> f.database.inTransaction(c -> claim(c, token, LIMIT)));
    }
    return tasks;
  }

  private List<TrackedVideo> claim(Connection c, String token, int limit) throws SQLException {
    return f.videos.claimDue(
        c,
        token,
        List.of(LoopFixture.ACCOUNT),
        f.clock.instant(),
        LoopFixture.LEASE,
        LoopFixture.DUE_ONLY,
        limit);
  }

  private List<VideoKey> trackVideos(int count) {
    List<VideoKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(f.track("vid" + i));
    }
    return keys;
  }

  private void releaseEveryClaim() {
    f.database.run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.executeUpdate(
                "UPDATE tracked_video SET claimed_by = NULL, claimed_until = NULL"
                    + " WHERE claimed_by IS NOT NULL");
          }
        });
  }

  private void untrackAll() {
    f.database.run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.executeUpdate(
                "UPDATE tracked_video SET ended_at = now(), end_reason = 'untracked',"
                    + " claimed_by = NULL, claimed_until = NULL WHERE ended_at IS NULL");
          }
        });
  }

  private static List<VideoKey> keys(List<List<TrackedVideo>> claims) {
    return claims.stream().flatMap(List::stream).map(TrackedVideo::key).toList();
  }
}
