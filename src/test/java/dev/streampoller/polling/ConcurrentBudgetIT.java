package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.db.Database;
import dev.streampoller.testing.CommitOrder;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.testing.Race;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.VideoKey;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared request budget and the account pause under concurrent {@link PollRecorder#begin}
 * calls, as several poll threads and instances make them: threads with their own connections,
 * released together by a barrier, many rounds, on the real PostgreSQL. The clock stands still, so
 * no token is refilled during a round and the bucket holds exactly its capacity.
 *
 * <p>Checked to fail, by removing the lock once: with the budget row unlocked ({@code FOR UPDATE}
 * dropped from {@code RequestBudgetRepository.LOCK} and its {@code ENSURE} made {@code ON CONFLICT
 * DO NOTHING}, since {@code ON CONFLICT DO UPDATE} locks the row even when its WHERE is false),
 * {@link #shouldNeverLetConcurrentBeginsTakeMoreTokensThanTheBucketHolds} counts more requests than
 * tokens (lost updates) and {@link
 * #shouldStartNoRequestOnceAConcurrentPauseOfTheCredentialCommitted} sees requests started after
 * the pause committed; so does the latter when {@code pauseAccounts} stops emptying the bucket (the
 * pause rows alone are read without a lock). {@link
 * #shouldPauseTheSameAccountsFromTwoInstancesAtOnceWithoutADeadlock} ended in "deadlock detected"
 * before {@code pauseAccounts} locked the accounts in one order.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentBudgetIT {
  private static final int ROUNDS = 25;
  private static final int TAKERS = 4;
  private static final int VIDEOS_PER_TAKER = 6;

  /** A bucket of 10 tokens: {@code min(30, 300 / 30)}. */
  private static final int SMALL_BUDGET = 300;

  private static final int SMALL_CAPACITY = 10;

  private final LoopFixture f = new LoopFixture();
  private final CommitOrder commits = new CommitOrder(PostgresExtension.dataSource());
  private final PollRecorder recorder =
      new PollRecorder(
          new Database(commits),
          new PollPolicy(LoopFixture.MIN, LoopFixture.MAX, LoopFixture.GIVE_UP),
          f.routes());
  private final Race race = new Race(TAKERS + 1);

  @AfterEach
  void close() {
    race.close();
    f.close();
  }

  /** What one begin() answered, and when its transaction committed. */
  private record Began(PollRecorder.Start start, CommitOrder.Stamp committed) {
    boolean went() {
      return start instanceof PollRecorder.Start.Go;
    }
  }

  @Test
  void shouldNeverLetConcurrentBeginsTakeMoreTokensThanTheBucketHolds() {
    trackVideos(TAKERS * VIDEOS_PER_TAKER);
    for (int round = 0; round < ROUNDS; round++) {
      // A fresh, full bucket each round; 24 requests want its 10 tokens.
      PollCycle.Group group =
          group("token:take" + round, SMALL_BUDGET, List.of(LoopFixture.ACCOUNT));
      List<Callable<List<Began>>> takers = new ArrayList<>();
      for (int i = 0; i < TAKERS; i++) {
        takers.add(beginEach("taker-" + i + "/" + round, claim("taker-" + i + "/" + round), group));
      }

      long went = race.run(takers).stream().flatMap(List::stream).filter(Began::went).count();

      assertThat(went)
          .as("round %d: requests allowed by a %d-token bucket", round, SMALL_CAPACITY)
          .isEqualTo(SMALL_CAPACITY);
      releaseEveryClaim();
    }
  }

  @Test
  void shouldStartNoRequestOnceAConcurrentPauseOfTheCredentialCommitted() {
    trackVideos(TAKERS * VIDEOS_PER_TAKER + 1);
    int went = 0;
    int refused = 0;
    for (int round = 0; round < ROUNDS; round++) {
      // Tokens are plenty (30): only the pause may stop a request.
      PollCycle.Group group =
          group("token:pause" + round, LoopFixture.BUDGET_PER_5_MIN, List.of(LoopFixture.ACCOUNT));
      Instant now = f.clock.instant();
      String pauserToken = "pauser/" + round;
      VideoKey rateLimited = claim(pauserToken).get(0);
      List<Callable<List<Began>>> tasks = new ArrayList<>();
      tasks.add(
          () -> {
            recorder.pauseAccounts(
                rateLimited,
                pauserToken,
                group,
                now.plusSeconds(60),
                AccountPauseRepository.Reason.RATE_LIMITED,
                "429 in the race",
                now);
            return List.of(new Began(new PollRecorder.Start.ClaimLost(), lastCommit()));
          });
      for (int i = 0; i < TAKERS; i++) {
        String token = "poller-" + i + "/" + round;
        tasks.add(beginEach(token, claim(token), group));
      }

      List<List<Began>> results = race.run(tasks);

      CommitOrder.Stamp paused = results.get(0).get(0).committed();
      for (Began began :
          results.subList(1, results.size()).stream().flatMap(List::stream).toList()) {
        assertThat(began.went() && paused.before(began.committed()))
            .as(
                "round %d: a request allowed by a transaction that committed after the pause",
                round)
            .isFalse();
        if (began.went()) {
          went++;
        } else {
          refused++;
        }
      }
      releaseEveryClaim();
      f.database.run(c -> execute(c, "DELETE FROM cloudflare_account"));
    }
    assertThat(went).as("requests started before the pause: the race took place").isPositive();
    assertThat(refused).as("requests refused after the pause").isPositive();
  }

  @Test
  void shouldPauseTheSameAccountsFromTwoInstancesAtOnceWithoutADeadlock() {
    // Two instances of one credential list its accounts in different orders (Map.copyOf's order
    // differs between JVMs) and are rate limited at the same moment, as a per-user 429 does.
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      accounts.add("acc" + i);
    }
    List<String> reversed = new ArrayList<>(accounts);
    java.util.Collections.reverse(reversed);
    PollCycle.Group one = group("token:both", LoopFixture.BUDGET_PER_5_MIN, accounts);
    PollCycle.Group other = group("token:both", LoopFixture.BUDGET_PER_5_MIN, reversed);
    VideoKey unclaimed = new VideoKey(LoopFixture.ACCOUNT, "none");

    for (int round = 0; round < ROUNDS; round++) {
      Instant now = f.clock.instant();
      Instant until = now.plusSeconds(60 + round);
      race.run(
          List.<Callable<Void>>of(
              () -> pause(one, unclaimed, until, now), () -> pause(other, unclaimed, until, now)));

      assertThat(
              f.count(
                  "SELECT count(*) FROM cloudflare_account WHERE paused_until = '" + until + "'"))
          .isEqualTo(accounts.size());
    }
  }

  private Void pause(PollCycle.Group group, VideoKey key, Instant until, Instant now) {
    recorder.pauseAccounts(
        key,
        "nobody",
        group,
        until,
        AccountPauseRepository.Reason.RATE_LIMITED,
        "429 for all",
        now);
    return null;
  }

  /** Calls begin() for each video in turn, as one poll thread does for its batch. */
  private Callable<List<Began>> beginEach(
      String token, List<VideoKey> keys, PollCycle.Group group) {
    return () -> {
      List<Began> results = new ArrayList<>();
      for (VideoKey key : keys) {
        PollRecorder.Start start =
            recorder.begin(key, token, f.clock.instant(), LoopFixture.LEASE, group);
        results.add(new Began(start, lastCommit()));
      }
      return results;
    };
  }

  private CommitOrder.Stamp lastCommit() {
    return commits.lastCommit().orElseThrow();
  }

  private PollCycle.Group group(String budgetId, int budget, List<String> accountIds) {
    Map<String, PolledAccount> accounts = new LinkedHashMap<>();
    for (String id : accountIds) {
      accounts.put(id, new PolledAccount(id, f.client, budgetId, budget));
    }
    return new PollCycle.Group(budgetId, budget, accounts);
  }

  private List<VideoKey> claim(String token) {
    List<TrackedVideo> claimed =
        f.database.inTransaction(
            c ->
                f.videos.claimDue(
                    c,
                    token,
                    List.of(LoopFixture.ACCOUNT),
                    f.clock.instant(),
                    LoopFixture.LEASE,
                    LoopFixture.DUE_ONLY,
                    VIDEOS_PER_TAKER));
    assertThat(claimed).isNotEmpty();
    return claimed.stream().map(TrackedVideo::key).toList();
  }

  private void trackVideos(int count) {
    for (int i = 0; i < count; i++) {
      f.track("vid" + i);
    }
  }

  private void releaseEveryClaim() {
    f.database.run(
        c ->
            execute(
                c,
                "UPDATE tracked_video SET claimed_by = NULL, claimed_until = NULL,"
                    + " next_poll_at = '"
                    + f.clock.instant()
                    + "' WHERE ended_at IS NULL"));
  }

  private static void execute(java.sql.Connection c, String sql) throws java.sql.SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }
}
