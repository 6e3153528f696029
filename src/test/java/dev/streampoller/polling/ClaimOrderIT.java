package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.CompletionModel;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The claim order in SQL ({@code TrackedVideoRepository.claimDue}) on the real PostgreSQL, one
 * video per claim: past the age cap first (oldest first), then due by the expected detection delay
 * of a poll now ({@link CompletionModel}, greatest first, no open download last), then not-due
 * videos polled at least min-interval ago (oldest poll first), and nothing polled more recently
 * than that.
 *
 * <p>The due videos were polled in the reverse of their expected order, so neither the oldest poll
 * nor the names nor their next-poll times put them in it. Checked to fail, once each: with the
 * delay's sign dropped (greatest delay last), with the delay key removed, and with the whole ORDER
 * BY removed (its parameters kept), {@link
 * #shouldClaimInTheOrderOfTheAgeCapThenDelayThenOldestPoll} fails.
 */
@ExtendWith(PostgresExtension.class)
class ClaimOrderIT {
  private static final Duration MIN = Duration.ofSeconds(5);
  // 9 active videos at 0.1 requests/s: round-robin comes round every 90 s; the cap is 91 s.
  private static final TrackedVideoRepository.ClaimOrder ORDER =
      new TrackedVideoRepository.ClaimOrder(MIN, Duration.ofSeconds(1), 0.1);

  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldClaimInTheOrderOfTheAgeCapThenDelayThenOldestPoll() {
    Instant now = f.clock.instant();
    // name, seconds since last poll, next poll (seconds from now), completion model.
    video("toorecent", 2, 30, CompletionModel.byAge(0)); // polled 2 s ago, not due
    video("earlynew", 10, 60, CompletionModel.byAge(0)); // not due, polled 10 s ago
    video("earlyold", 50, 60, CompletionModel.none()); // not due, polled 50 s ago
    // Due: expected delays 30 s (a prediction passed 30 s ago), 20 s (no age, 20 s unpolled),
    // 0.22 s (an hour old, 40 s unpolled), and none (no open download).
    video("duenone", 60, -1, CompletionModel.none());
    video("dueold", 40, -30, CompletionModel.byAge(3600));
    video("dueyoung", 20, -20, CompletionModel.byAge(0));
    video("duepassed", 10, -10, CompletionModel.predicted(now.minusSeconds(30), 5));
    video("agednew", 120, 30, CompletionModel.none()); // past the 91 s cap
    video("agedold", 300, 600, CompletionModel.none()); // far past the cap: first

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      List<TrackedVideo> one =
          f.database.inTransaction(
              c ->
                  f.videos.claimDue(
                      c,
                      "claimer",
                      List.of(LoopFixture.ACCOUNT),
                      now,
                      LoopFixture.LEASE,
                      ORDER,
                      1));
      one.forEach(v -> order.add(v.key().videoUid()));
    }

    assertThat(order)
        .containsExactly(
            "agedold",
            "agednew",
            "duepassed",
            "dueyoung",
            "dueold",
            "duenone",
            "earlyold",
            "earlynew");
  }

  @Test
  void shouldPollTheOldestAheadOfTheirCapWhenTooManyWouldReachItTogether() {
    // 9 videos at 0.1 requests/s: the cap is 91 s. Five were polled 85 s ago: none is past the cap,
    // but one token every 10 s cannot reach all five within the 6 s left, so the earliest
    // deadlines go first, ahead of a due video with a far greater expected delay.
    assertThat(firstClaimOfAQueue(85, 6)).isEqualTo("together1");
  }

  @Test
  void shouldSpendATokenOnTheGreatestDelayWhileEveryDeadlineCanStillBeMet() {
    // The five polled 40 s ago (51 s left: the fifth is reached 40 s from now, or 50 s after one
    // token spent elsewhere), three just polled (91 s left, reached in 80 s or 90 s): every
    // deadline holds with one token spent first on the greatest expected delay.
    assertThat(firstClaimOfAQueue(40, 0)).isEqualTo("duepassed");
  }

  /**
   * Five videos polled {@code togetherAgo} seconds ago, one due whose prediction passed 50 minutes
   * ago, three polled {@code youngAgo} seconds ago; the one video a claim with one token takes.
   */
  private String firstClaimOfAQueue(long togetherAgo, long youngAgo) {
    Instant now = f.clock.instant();
    for (int i = 1; i <= 5; i++) {
      video("together" + i, togetherAgo, 600, CompletionModel.none());
    }
    video("duepassed", 10, -10, CompletionModel.predicted(now.minusSeconds(3000), 5));
    for (int i = 1; i <= 3; i++) {
      video("young" + i, youngAgo, 600, CompletionModel.none());
    }
    List<TrackedVideo> claimed =
        f.database.inTransaction(
            c ->
                f.videos.claimDue(
                    c, "claimer", List.of(LoopFixture.ACCOUNT), now, LoopFixture.LEASE, ORDER, 1));
    assertThat(claimed).hasSize(1);
    return claimed.get(0).key().videoUid();
  }

  @Test
  void shouldComputeTheDelayInSqlAsTheReplayAndThePolicyDo() {
    // V13's expected_detection_delay against CompletionModel.expectedDelaySeconds, on models and
    // moments drawn over the range the policy writes (spreads of a second to days, ages to weeks,
    // far before and far after a prediction).
    java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
    Instant since = f.clock.instant();
    f.database.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT expected_detection_delay(?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 2_000; i++) {
              CompletionModel model = randomModel(random, since);
              Instant at = since.plusMillis(random.nextLong(0, 3 * 86_400_000L));
              s.setObject(1, offset(model.predictedAt()));
              s.setObject(2, model.spreadSeconds());
              s.setObject(3, model.ageSeconds());
              s.setObject(4, offset(since));
              s.setObject(5, offset(at));
              try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                double java = model.expectedDelaySeconds(since, at);
                double sql = rs.getDouble(1);
                if (java == CompletionModel.NO_DOWNLOAD) {
                  assertThat(rs.wasNull()).as("%s at %s", model, at).isTrue();
                } else {
                  assertThat(sql)
                      .as("%s since %s at %s", model, since, at)
                      .isCloseTo(java, org.assertj.core.data.Offset.offset(1e-6 * (1 + java)));
                }
              }
            }
          }
        });
  }

  private static CompletionModel randomModel(java.util.SplittableRandom random, Instant since) {
    return switch (random.nextInt(3)) {
      case 0 ->
          CompletionModel.predicted(
              since.plusMillis(random.nextLong(-86_400_000L, 3 * 86_400_000L)),
              Math.pow(10, random.nextDouble(-1, 5)));
      case 1 ->
          CompletionModel.byAge(
              random.nextInt(10) == 0 ? 0 : Math.pow(10, random.nextDouble(-2, 6)));
      default -> CompletionModel.none();
    };
  }

  private static java.time.@org.jspecify.annotations.Nullable OffsetDateTime offset(
      @org.jspecify.annotations.Nullable Instant instant) {
    return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
  }

  @Test
  void shouldNotClaimAheadOfTimeAVideoBackingOffAfterFailures() {
    Instant now = f.clock.instant();
    video("failing", 300, 60, CompletionModel.byAge(0));
    f.database.run(
        c -> {
          try (java.sql.Statement s = c.createStatement()) {
            s.executeUpdate(
                "UPDATE tracked_video SET consecutive_failures = 3 WHERE video_uid = 'failing'");
          }
        });

    List<TrackedVideo> claimed =
        f.database.inTransaction(
            c ->
                f.videos.claimDue(
                    c, "claimer", List.of(LoopFixture.ACCOUNT), now, LoopFixture.LEASE, ORDER, 5));

    assertThat(claimed).isEmpty();
  }

  @Test
  void shouldCountTheActiveVideosOfItsAccountsWithAClaim() {
    Instant now = f.clock.instant();
    video("first", 300, -10, CompletionModel.byAge(0));
    video("second", 300, -10, CompletionModel.byAge(0));
    video("ended", 300, -10, CompletionModel.byAge(0));
    f.database.run(
        c -> {
          try (java.sql.Statement s = c.createStatement()) {
            s.executeUpdate(
                "UPDATE tracked_video SET ended_at = now(), end_reason = 'untracked'"
                    + " WHERE video_uid = 'ended'");
            s.executeUpdate(
                "INSERT INTO tracked_video (account_id, video_uid) VALUES ('someoneelse', 'x')");
          }
        });

    TrackedVideoRepository.Claim claim =
        f.database.inTransaction(
            c ->
                f.videos.claim(
                    c, "claimer", List.of(LoopFixture.ACCOUNT), now, LoopFixture.LEASE, ORDER, 1));

    assertThat(claim.videos()).hasSize(1);
    assertThat(claim.activeVideos()).as("active videos of the claim's account").isEqualTo(2);
  }

  private void video(String name, long polledAgo, long dueIn, CompletionModel model) {
    Instant now = f.clock.instant();
    f.track(name);
    f.database.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE tracked_video SET created_at = ?, last_polled_at = ?, next_poll_at = ?,"
                      + " model_predicted_at = ?, model_spread_s = ?, model_age_s = ?"
                      + " WHERE video_uid = ?")) {
            s.setTimestamp(1, Timestamp.from(now.minusSeconds(3600)));
            s.setTimestamp(2, Timestamp.from(now.minusSeconds(polledAgo)));
            s.setTimestamp(3, Timestamp.from(now.plusSeconds(dueIn)));
            s.setObject(4, offset(model.predictedAt()));
            s.setObject(5, model.spreadSeconds());
            s.setObject(6, model.ageSeconds());
            s.setString(7, name);
            s.executeUpdate();
          }
        });
  }
}
