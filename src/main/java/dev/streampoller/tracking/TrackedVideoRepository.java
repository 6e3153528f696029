package dev.streampoller.tracking;

import static dev.streampoller.db.Jdbc.instant;
import static dev.streampoller.db.Jdbc.requiredInstant;
import static dev.streampoller.db.Jdbc.setDouble;
import static dev.streampoller.db.Jdbc.setInstant;
import static dev.streampoller.db.Jdbc.ts;

import dev.streampoller.db.Jdbc;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tracked_video}: starting and ending tracking, and the lease-based claims that let any
 * number of threads and instances poll disjoint videos. Runs in the caller's transaction.
 */
public final class TrackedVideoRepository {
  private static final Logger LOG = LoggerFactory.getLogger(TrackedVideoRepository.class);

  // Named, never *: a statement cached by the driver keeps working when a migration adds a column
  // under a running daemon.
  private static final String COLUMNS =
      "account_id, video_uid, created_at, next_poll_at, last_polled_at, poll_count,"
          + " consecutive_failures, last_error, last_changed_at, ended_at, end_reason, callback_url";

  private static final String TRACK =
      """
      INSERT INTO tracked_video (account_id, video_uid, created_at, next_poll_at, callback_url)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_id, video_uid) DO UPDATE
         SET created_at = EXCLUDED.created_at, next_poll_at = EXCLUDED.next_poll_at,
             callback_url = COALESCE(EXCLUDED.callback_url, tracked_video.callback_url),
             ended_at = NULL, end_reason = NULL, consecutive_failures = 0, poll_urgency = DEFAULT
       WHERE tracked_video.ended_at IS NOT NULL
      RETURNING (xmax = 0) AS inserted
      """;

  private static final String UNTRACK =
      """
      UPDATE tracked_video
         SET ended_at = ?, end_reason = 'untracked', claimed_by = NULL, claimed_until = NULL
       WHERE account_id = ? AND video_uid = ? AND ended_at IS NULL
      """;

  private static final String CLAIM_DUE =
      """
      UPDATE tracked_video v SET claimed_by = ?, claimed_until = ?
       WHERE (v.account_id, v.video_uid) IN (
             SELECT t.account_id, t.video_uid FROM tracked_video t
              WHERE t.ended_at IS NULL
                AND t.next_poll_at <= ?
                AND (t.claimed_until IS NULL OR t.claimed_until < ?)
                AND t.account_id = ANY (?)
                AND NOT EXISTS (SELECT 1 FROM cloudflare_account a
                                 WHERE a.account_id = t.account_id AND a.paused_until > ?)
              ORDER BY t.next_poll_at - make_interval(secs => t.poll_urgency * ?)
              LIMIT ?
                FOR UPDATE SKIP LOCKED)
      RETURNING %s
      """
          .formatted(COLUMNS);

  private static final String LOCK_CLAIMED =
      """
      SELECT %s FROM tracked_video
       WHERE account_id = ? AND video_uid = ? AND claimed_by = ? AND ended_at IS NULL
         FOR UPDATE
      """
          .formatted(COLUMNS);

  private static final String FINISH_POLL =
      """
      UPDATE tracked_video
         SET claimed_by = NULL, claimed_until = NULL,
             last_polled_at = ?, poll_count = poll_count + 1,
             consecutive_failures = CASE WHEN ? THEN consecutive_failures + 1 ELSE 0 END,
             last_error = COALESCE(?, last_error),
             last_error_at = CASE WHEN ?::text IS NULL THEN last_error_at ELSE ? END,
             last_changed_at = CASE WHEN ? THEN ? ELSE last_changed_at END,
             poll_urgency = COALESCE(?, poll_urgency),
             next_poll_at = ?, ended_at = ?, end_reason = ?
       WHERE account_id = ? AND video_uid = ? AND claimed_by = ?
      """;

  private static final String RENEW =
      """
      UPDATE tracked_video SET claimed_until = ?
       WHERE account_id = ? AND video_uid = ? AND claimed_by = ? AND ended_at IS NULL
      """;

  private static final String RELEASE =
      """
      UPDATE tracked_video SET claimed_by = NULL, claimed_until = NULL, next_poll_at = ?
       WHERE account_id = ? AND video_uid = ? AND claimed_by = ?
      """;

  private static final String COUNT_ACTIVE =
      "SELECT count(*) FROM tracked_video WHERE ended_at IS NULL AND account_id = ANY (?)";

  private static final String FIND =
      "SELECT " + COLUMNS + " FROM tracked_video WHERE account_id = ? AND video_uid = ?";

  /** Starts (or restarts) tracking; the first poll is due at {@code now}. */
  public TrackResult track(Connection c, VideoKey key, Instant now) throws SQLException {
    return track(c, key, now, null);
  }

  /**
   * Starts (or restarts) tracking with a per-video callback URL that receives this video's events
   * in addition to the configured endpoints (null keeps any earlier one).
   */
  public TrackResult track(Connection c, VideoKey key, Instant now, @Nullable URI callbackUrl)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TRACK)) {
      ps.setString(1, key.accountId());
      ps.setString(2, key.videoUid());
      ps.setObject(3, ts(now));
      ps.setObject(4, ts(now));
      ps.setString(5, callbackUrl == null ? null : callbackUrl.toString());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return TrackResult.ALREADY_TRACKED;
        }
        return rs.getBoolean("inserted") ? TrackResult.STARTED : TrackResult.RESTARTED;
      }
    }
  }

  /** Ends tracking by a user's request; false when the video was not being tracked. */
  public boolean untrack(Connection c, VideoKey key, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UNTRACK)) {
      ps.setObject(1, ts(now));
      ps.setString(2, key.accountId());
      ps.setString(3, key.videoUid());
      return Jdbc.updatedOne(ps.executeUpdate(), "untrack " + key);
    }
  }

  /**
   * Claims up to {@code limit} videos of {@code accounts} that are due at {@code now}, not claimed
   * by anyone with a live lease, and whose account is not paused, most urgent first: ordered by
   * {@code next_poll_at - poll_urgency * urgencyWeight}. Rows locked by a concurrent claimer are
   * skipped, not waited for.
   */
  public List<TrackedVideo> claimDue(
      Connection c,
      String owner,
      Collection<String> accounts,
      Instant now,
      Duration lease,
      Duration urgencyWeight,
      int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CLAIM_DUE)) {
      ps.setString(1, owner);
      ps.setObject(2, ts(now.plus(lease)));
      ps.setObject(3, ts(now));
      ps.setObject(4, ts(now));
      ps.setArray(5, c.createArrayOf("text", accounts.toArray()));
      ps.setObject(6, ts(now));
      ps.setDouble(7, urgencyWeight.toMillis() / 1000.0);
      ps.setInt(8, limit);
      List<TrackedVideo> claimed = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          claimed.add(map(rs));
        }
      }
      return claimed;
    }
  }

  /**
   * Locks a video this owner claimed, for the transaction that records its poll. Empty when the
   * claim was lost (the lease expired and another worker took it) or the video was untracked
   * meanwhile: the caller must then discard its result.
   */
  public Optional<TrackedVideo> lockClaimed(Connection c, VideoKey key, String owner)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK_CLAIMED)) {
      ps.setString(1, key.accountId());
      ps.setString(2, key.videoUid());
      ps.setString(3, owner);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  /** Records a finished poll and releases the claim; false when the claim was lost. */
  public boolean finishPoll(Connection c, VideoKey key, String owner, PollFinish finish)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FINISH_POLL)) {
      ps.setObject(1, ts(finish.polledAt()));
      ps.setBoolean(2, finish.failed());
      ps.setString(3, finish.error());
      ps.setString(4, finish.error());
      ps.setObject(5, ts(finish.polledAt()));
      ps.setBoolean(6, finish.changed());
      ps.setObject(7, ts(finish.polledAt()));
      setDouble(ps, 8, finish.urgency());
      ps.setObject(9, ts(finish.nextPollAt()));
      setInstant(ps, 10, finish.endReason() == null ? null : finish.polledAt());
      ps.setString(11, finish.endReason() == null ? null : finish.endReason().dbValue());
      ps.setString(12, key.accountId());
      ps.setString(13, key.videoUid());
      ps.setString(14, owner);
      return Jdbc.updatedOne(ps.executeUpdate(), "finish poll of " + key);
    }
  }

  /**
   * Extends a claim right before its request, so a long batch never outlives its lease; false when
   * the claim was lost meanwhile (the video must then be skipped).
   */
  public boolean renewClaim(Connection c, VideoKey key, String owner, Instant until)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RENEW)) {
      ps.setObject(1, ts(until));
      ps.setString(2, key.accountId());
      ps.setString(3, key.videoUid());
      ps.setString(4, owner);
      return Jdbc.updatedOne(ps.executeUpdate(), "renew claim of " + key);
    }
  }

  /** Gives a claimed video back unpolled, due again at {@code nextPollAt}. */
  public boolean release(Connection c, VideoKey key, String owner, Instant nextPollAt)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
      ps.setObject(1, ts(nextPollAt));
      ps.setString(2, key.accountId());
      ps.setString(3, key.videoUid());
      ps.setString(4, owner);
      return Jdbc.updatedOne(ps.executeUpdate(), "release " + key);
    }
  }

  /** How many videos of {@code accounts} are being tracked (they share the budget). */
  public int countActive(Connection c, Collection<String> accounts) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COUNT_ACTIVE)) {
      ps.setArray(1, c.createArrayOf("text", accounts.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  public Optional<TrackedVideo> find(Connection c, VideoKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND)) {
      ps.setString(1, key.accountId());
      ps.setString(2, key.videoUid());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  /**
   * A callback URL inserted by hand may pass the CHECK yet not parse; one such row must not stop
   * every claim, so it is ignored (and said so) rather than thrown.
   */
  private static @Nullable URI callbackUrl(@Nullable String value, String videoUid) {
    if (value == null) {
      return null;
    }
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      LOG.warn(
          "Video {}: callback_url is not a valid URL and is ignored: {}", videoUid, e.getReason());
      return null;
    }
  }

  private static TrackedVideo map(ResultSet rs) throws SQLException {
    String endReason = rs.getString("end_reason");
    return new TrackedVideo(
        new VideoKey(rs.getString("account_id"), rs.getString("video_uid")),
        requiredInstant(rs, "created_at"),
        requiredInstant(rs, "next_poll_at"),
        instant(rs, "last_polled_at"),
        rs.getInt("poll_count"),
        rs.getInt("consecutive_failures"),
        rs.getString("last_error"),
        instant(rs, "last_changed_at"),
        instant(rs, "ended_at"),
        endReason == null ? null : EndReason.fromDb(endReason),
        callbackUrl(rs.getString("callback_url"), rs.getString("video_uid")));
  }
}
