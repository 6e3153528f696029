package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.PostgresExtension;
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
 * video per claim: past the age cap first (oldest first), then due by rank, then not-due videos
 * polled at least min-interval ago (oldest poll first), and nothing polled more recently than that.
 *
 * <p>The rows are written in the reverse of the expected order. Checked to fail, once each: with
 * both ORDER BY keys reversed ({@code DESC}), {@link
 * #shouldClaimInTheOrderOfTheAgeCapThenRankThenOldestPoll} fails on its first claim; with the ORDER
 * BY removed (its parameters kept), it claims {@code agednew} before {@code agedold} and {@code
 * earlynew} before {@code earlyold}.
 */
@ExtendWith(PostgresExtension.class)
class ClaimOrderIT {
  private static final Duration MIN = Duration.ofSeconds(5);
  // 7 active videos at 0.1 requests/s: round-robin comes round every 70 s; the cap is 71 s.
  private static final TrackedVideoRepository.ClaimOrder ORDER =
      new TrackedVideoRepository.ClaimOrder(
          PollDecision.URGENCY_WEIGHT, MIN, Duration.ofSeconds(1), 0.1);

  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldClaimInTheOrderOfTheAgeCapThenRankThenOldestPoll() {
    Instant now = f.clock.instant();
    // name, seconds since last poll, next poll (seconds from now), urgency; in reverse order.
    video("toorecent", 2, 30, 1.0); // polled 2 s ago, not due: not before min-interval
    video("earlynew", 10, 60, 0.9); // not due, polled 10 s ago
    video("earlyold", 40, 60, 0.1); // not due, polled 40 s ago
    video("duelow", 20, -50, 0.1); // due 50 s ago, low odds
    video("duehigh", 20, -5, 0.8); // due 5 s ago, high odds: ranks first of the due ones
    video("agednew", 80, 30, 0.0); // past the 71 s cap
    video("agedold", 300, 600, 0.0); // far past the cap, nothing expected: still first

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
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
        .containsExactly("agedold", "agednew", "duehigh", "duelow", "earlyold", "earlynew");
  }

  @Test
  void shouldNotClaimAheadOfTimeAVideoBackingOffAfterFailures() {
    Instant now = f.clock.instant();
    video("failing", 300, 60, 0.0);
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
    video("first", 300, -10, 0.5);
    video("second", 300, -10, 0.5);
    video("ended", 300, -10, 0.5);
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

  private void video(String name, long polledAgo, long dueIn, double urgency) {
    Instant now = f.clock.instant();
    f.track(name);
    f.database.run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE tracked_video SET created_at = ?, last_polled_at = ?, next_poll_at = ?,"
                      + " poll_urgency = ? WHERE video_uid = ?")) {
            s.setTimestamp(1, Timestamp.from(now.minusSeconds(3600)));
            s.setTimestamp(2, Timestamp.from(now.minusSeconds(polledAgo)));
            s.setTimestamp(3, Timestamp.from(now.plusSeconds(dueIn)));
            s.setDouble(4, urgency);
            s.setString(5, name);
            s.executeUpdate();
          }
        });
  }
}
