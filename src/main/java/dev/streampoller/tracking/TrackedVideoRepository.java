package dev.streampoller.tracking;

import dev.streampoller.db.Row;
import dev.streampoller.db.Sql;
import dev.streampoller.db.SqlCall;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
          + " consecutive_failures, last_error, last_changed_at, ended_at, end_reason, callback_url,"
          + " model_predicted_at, model_spread_s, model_age_s";

  private static final Sql TRACK =
      Sql.of(
          "track a video",
          """
          INSERT INTO tracked_video (account_id, video_uid, created_at, next_poll_at, callback_url)
          VALUES (:account, :video, :now, :now, :callback)
          ON CONFLICT (account_id, video_uid) DO UPDATE
             SET created_at = EXCLUDED.created_at, next_poll_at = EXCLUDED.next_poll_at,
                 callback_url = COALESCE(EXCLUDED.callback_url, tracked_video.callback_url),
                 ended_at = NULL, end_reason = NULL, consecutive_failures = 0,
                 poll_urgency = DEFAULT, model_predicted_at = DEFAULT, model_spread_s = DEFAULT,
                 model_age_s = DEFAULT
           WHERE tracked_video.ended_at IS NOT NULL
          RETURNING (xmax = 0) AS inserted
          """);

  private static final Sql INSERT_PLAIN =
      Sql.of(
          "insert a tracked video",
          "INSERT INTO tracked_video (account_id, video_uid) VALUES (:account, :video)");

  // Discovery never restarts an ended video: one the user untracked stays untracked.
  private static final Sql DISCOVER =
      Sql.of(
          "track a discovered video",
          """
          INSERT INTO tracked_video (account_id, video_uid, created_at, next_poll_at, source)
          VALUES (:account, :video, :now, :now, 'discovered')
          ON CONFLICT (account_id, video_uid) DO NOTHING
          """);

  private static final Sql KNOWN =
      Sql.of(
          "find known videos",
          "SELECT video_uid FROM tracked_video"
              + " WHERE account_id = :account AND video_uid = ANY (:videos)");

  private static final Sql SOURCE =
      Sql.of(
          "read how a video's tracking started",
          "SELECT source FROM tracked_video WHERE account_id = :account AND video_uid = :video");

  private static final Sql UNTRACK =
      Sql.of(
          "untrack a video",
          """
          UPDATE tracked_video
             SET ended_at = :now, end_reason = 'untracked', claimed_by = NULL, claimed_until = NULL
           WHERE account_id = :account AND video_uid = :video AND ended_at IS NULL
          """);

  // The claim order (docs/polling.md, "Claim order"); PolicyReplay mirrors it exactly.
  // A video's age counts from its last poll, or from its (re)track if that is later. Claimable:
  // due, or (work conservation) polled at least :minSeconds ago and not backing off after
  // failures. Order: first the oldest videos the age guarantee needs polled now (below), oldest
  // first; then due, by the expected detection delay of a poll now (V13's expected_detection_delay
  // over the model_* columns), greatest first, no open download last; then the rest, oldest poll
  // first.
  // The guarantee, earliest deadline first: each video of the queue (active, not failing, not
  // being polled) must be polled within the cap (the round-robin cycle: active videos / :rate, at
  // least :minSeconds, plus :tickSeconds) of its age's start, its deadline. Polled oldest first
  // with :limit tokens now and :rate a second after, the k-th oldest is reached (k - :limit) /
  // :rate from now, so j tokens may go elsewhere only if j <= (deadline_k - now) * :rate - k +
  // :limit for every k (free); the others (forced) go to the oldest, those up to the forced-th.
  // The CTEs are MATERIALIZED: inlined, PostgreSQL counted the active videos again for every
  // candidate row (15.7 s for one account of 10,000 videos).
  private static final Sql CLAIM_DUE =
      Sql.of(
          "claim due videos",
          """
          WITH cap AS MATERIALIZED (
                 SELECT make_interval(secs => GREATEST(:minSeconds, count(*) / :rate)
                                              + :tickSeconds) AS age,
                        count(*) AS active
                   FROM tracked_video
                  WHERE ended_at IS NULL AND account_id = ANY (:accounts)),
               queue AS MATERIALIZED (
                 SELECT GREATEST(last_polled_at, created_at) AS origin,
                        row_number() OVER (ORDER BY GREATEST(last_polled_at, created_at)) AS k
                   FROM tracked_video
                  WHERE ended_at IS NULL AND account_id = ANY (:accounts)
                    AND consecutive_failures = 0
                    AND (claimed_until IS NULL OR claimed_until < :now)),
               forced AS MATERIALIZED (
                 SELECT :limit - LEAST(:limit, GREATEST(0, COALESCE(floor(min(
                            date_part('epoch', q.origin + cap.age - :now) * :rate - q.k)
                            + :limit), :limit))) AS n
                   FROM queue q CROSS JOIN cap),
               edge AS MATERIALIZED (
                 SELECT max(q.origin) AS origin FROM queue q, forced f WHERE q.k <= f.n)
          UPDATE tracked_video v SET claimed_by = :owner, claimed_until = :until
           WHERE (v.account_id, v.video_uid) IN (
                 SELECT t.account_id, t.video_uid FROM tracked_video t CROSS JOIN edge
                  WHERE t.ended_at IS NULL
                    AND (t.claimed_until IS NULL OR t.claimed_until < :now)
                    AND t.account_id = ANY (:accounts)
                    AND (t.next_poll_at <= :now
                         OR (t.consecutive_failures = 0
                             AND GREATEST(t.last_polled_at, t.created_at)
                                 <= :now - make_interval(secs => :minSeconds)))
                    AND NOT EXISTS (SELECT 1 FROM cloudflare_account a
                                     WHERE a.account_id = t.account_id AND a.paused_until > :now)
                  ORDER BY
                        CASE WHEN t.consecutive_failures = 0
                                  AND GREATEST(t.last_polled_at, t.created_at) <= edge.origin
                             THEN 0
                             WHEN t.next_poll_at <= :now THEN 1
                             ELSE 2 END,
                        CASE WHEN (t.consecutive_failures > 0
                                   OR edge.origin IS NULL
                                   OR GREATEST(t.last_polled_at, t.created_at) > edge.origin)
                                  AND t.next_poll_at <= :now
                             THEN -expected_detection_delay(
                                      t.model_predicted_at, t.model_spread_s, t.model_age_s,
                                      GREATEST(t.last_polled_at, t.created_at), :now)
                        END NULLS LAST,
                        GREATEST(t.last_polled_at, t.created_at), t.account_id, t.video_uid
                  LIMIT :limit
                    FOR UPDATE OF t SKIP LOCKED)
          RETURNING %s, (SELECT active FROM cap) AS active
          """
              .formatted(COLUMNS));

  // When the claim above would next find a video of :accounts: due, or claimable by work
  // conservation; a claim held by a live lease counts from its expiry.
  private static final Sql NEXT_CLAIMABLE =
      Sql.of(
          "find when a video is next claimable",
          """
          SELECT min(GREATEST(
                   CASE WHEN consecutive_failures = 0
                        THEN LEAST(next_poll_at, GREATEST(last_polled_at, created_at)
                                                 + make_interval(secs => :minSeconds))
                        ELSE next_poll_at END,
                   COALESCE(claimed_until, next_poll_at))) AS at
            FROM tracked_video
           WHERE ended_at IS NULL AND account_id = ANY (:accounts)
          """);

  private static final Sql LOCK_CLAIMED =
      Sql.of(
          "lock a claimed video",
          """
          SELECT %s FROM tracked_video
           WHERE account_id = :account AND video_uid = :video AND claimed_by = :owner
             AND ended_at IS NULL
             FOR UPDATE
          """
              .formatted(COLUMNS));

  private static final Sql FINISH_POLL =
      Sql.of(
          "record a finished poll",
          """
          UPDATE tracked_video
             SET claimed_by = NULL, claimed_until = NULL,
                 last_polled_at = :polledAt, poll_count = poll_count + 1,
                 consecutive_failures = CASE WHEN :failed THEN consecutive_failures + 1 ELSE 0 END,
                 last_error = COALESCE(:error, last_error),
                 last_error_at = CASE WHEN :error::text IS NULL THEN last_error_at ELSE :polledAt END,
                 last_changed_at = CASE WHEN :changed THEN :polledAt ELSE last_changed_at END,
                 poll_urgency = COALESCE(:urgency, poll_urgency),
                 model_predicted_at = CASE WHEN :keepModel THEN model_predicted_at
                                           ELSE :predictedAt END,
                 model_spread_s = CASE WHEN :keepModel THEN model_spread_s ELSE :spread END,
                 model_age_s = CASE WHEN :keepModel THEN model_age_s ELSE :age END,
                 next_poll_at = :nextPollAt, ended_at = :endedAt, end_reason = :endReason
           WHERE account_id = :account AND video_uid = :video AND claimed_by = :owner
          """);

  // The claim conditions of RENEW and RELEASE: only the worker holding the claim may touch it.
  private static final Sql RENEW =
      Sql.of(
          "renew a video's claim",
          """
          UPDATE tracked_video SET claimed_until = :until
           WHERE account_id = :account AND video_uid = :video AND claimed_by = :owner
             AND ended_at IS NULL
          """);

  private static final Sql RELEASE =
      Sql.of(
          "give a claimed video back",
          """
          UPDATE tracked_video SET claimed_by = NULL, claimed_until = NULL, next_poll_at = :next
           WHERE account_id = :account AND video_uid = :video AND claimed_by = :owner
          """);

  /**
   * The statements that find one active video by its key, for PointLookupIT: each must read that
   * video's row through an index on both key columns, however stale the planner's statistics.
   */
  static final List<Sql> ONE_ACTIVE_VIDEO = List.of(LOCK_CLAIMED, RENEW, UNTRACK);

  private static final Sql FIND =
      Sql.of(
          "find a tracked video",
          "SELECT "
              + COLUMNS
              + " FROM tracked_video WHERE account_id = :account AND video_uid = :video");

  /** Starts (or restarts) tracking; the first poll is due at {@code now}. */
  public TrackResult track(Connection c, VideoKey key, Instant now) {
    return track(c, key, now, null);
  }

  /**
   * Starts (or restarts) tracking with a per-video callback URL that receives this video's events
   * in addition to the configured endpoints (null keeps any earlier one).
   */
  public TrackResult track(Connection c, VideoKey key, Instant now, @Nullable URI callbackUrl) {
    return video(TRACK.on(c), key)
        .bind("now", now)
        .bind("callback", callbackUrl == null ? null : callbackUrl.toString())
        .first(row -> row.bool("inserted") ? TrackResult.STARTED : TrackResult.RESTARTED)
        .orElse(TrackResult.ALREADY_TRACKED);
  }

  /**
   * Starts tracking the way any SQL client can: a plain INSERT that leaves the rest to the column
   * defaults and wakes the daemon through the table's NOTIFY trigger (the demo shows it).
   */
  public void insertPlain(Connection c, VideoKey key) {
    video(INSERT_PLAIN.on(c), key).update();
  }

  /**
   * Starts tracking a video that discovery found, unless the video is known already (tracked now,
   * ended, or untracked by a user: never tracked again by discovery). True when it was inserted.
   */
  public boolean discover(Connection c, VideoKey key, Instant now) {
    return video(DISCOVER.on(c), key).bind("now", now).updateAtMostOne();
  }

  /** Which of {@code videoUids} of the account are known: tracked now or ever. */
  public java.util.Set<String> known(Connection c, String accountId, Collection<String> videoUids) {
    return java.util.Set.copyOf(
        KNOWN
            .on(c)
            .bind("account", accountId)
            .bindTexts("videos", videoUids)
            .list(row -> row.requiredText("video_uid")));
  }

  /** How the video's tracking started, {@code manual} or {@code discovered}; empty if unknown. */
  public Optional<String> source(Connection c, VideoKey key) {
    return video(SOURCE.on(c), key).first(row -> row.requiredText("source"));
  }

  /** Ends tracking by a user's request; false when the video was not being tracked. */
  public boolean untrack(Connection c, VideoKey key, Instant now) {
    return video(UNTRACK.on(c), key).bind("now", now).updateAtMostOne();
  }

  /**
   * Claims up to {@code limit} videos of {@code accounts} not claimed by anyone with a live lease,
   * whose account is not paused, and that are due at {@code now} or (work conservation) were last
   * polled at least {@code order.minInterval()} ago without failing since. Claim order: the oldest
   * videos that must be polled now for every video to be polled within the round-robin cycle
   * ({@link ClaimOrder}) of its last poll, earliest deadline first, with {@code limit} tokens now
   * and the budget's rate after; then due ones by the expected detection delay of a poll at {@code
   * now} ({@link CompletionModel}), greatest first, those with no open download last; then the
   * rest, oldest poll first. Rows locked by a concurrent claimer are skipped, not waited for.
   */
  public List<TrackedVideo> claimDue(
      Connection c,
      String owner,
      Collection<String> accounts,
      Instant now,
      Duration lease,
      ClaimOrder order,
      int limit) {
    return claim(c, owner, accounts, now, lease, order, limit).videos();
  }

  /**
   * The videos a claim took, and how many videos of its accounts were active when it took them
   * (empty claims count none): the count the age cap was computed from, so the policy's fair share
   * needs no statement of its own.
   */
  public record Claim(List<TrackedVideo> videos, int activeVideos) {}

  /** {@link #claimDue}, with the count of active videos its age cap was computed from. */
  public Claim claim(
      Connection c,
      String owner,
      Collection<String> accounts,
      Instant now,
      Duration lease,
      ClaimOrder order,
      int limit) {
    int[] active = {0};
    List<TrackedVideo> claimed =
        CLAIM_DUE
            .on(c)
            .bind("owner", owner)
            .bind("until", now.plus(lease))
            .bind("now", now)
            .bindTexts("accounts", accounts)
            .bind("minSeconds", seconds(order.minInterval()))
            .bind("tickSeconds", seconds(order.tick()))
            .bind("rate", order.requestsPerSecond())
            .bind("limit", limit)
            .list(
                row -> {
                  active[0] = row.integer("active");
                  return map(row);
                });
    return new Claim(claimed, active[0]);
  }

  /**
   * When {@link #claimDue} would next find a video of {@code accounts}, from the rows alone (the
   * budget aside); empty when none is tracked.
   */
  public Optional<Instant> nextClaimable(
      Connection c, Collection<String> accounts, Duration minInterval) {
    return NEXT_CLAIMABLE
        .on(c)
        .bindTexts("accounts", accounts)
        .bind("minSeconds", seconds(minInterval))
        .first(row -> Optional.ofNullable(row.nullableInstant("at")))
        .flatMap(at -> at);
  }

  /**
   * What the claim order needs besides the rows: the poll bounds and the budget's sustained rate,
   * from which the age cap is computed in the statement.
   */
  public record ClaimOrder(Duration minInterval, Duration tick, double requestsPerSecond) {
    public ClaimOrder {
      java.util.Objects.requireNonNull(minInterval, "minInterval");
      java.util.Objects.requireNonNull(tick, "tick");
      if (!(requestsPerSecond > 0)) {
        throw new IllegalArgumentException("requestsPerSecond must be positive");
      }
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  /**
   * Locks a video this owner claimed, for the transaction that records its poll. Empty when the
   * claim was lost (the lease expired and another worker took it) or the video was untracked
   * meanwhile: the caller must then discard its result.
   */
  public Optional<TrackedVideo> lockClaimed(Connection c, VideoKey key, String owner) {
    return claim(LOCK_CLAIMED.on(c), key, owner).first(TrackedVideoRepository::map);
  }

  /** Records a finished poll and releases the claim; false when the claim was lost. */
  public boolean finishPoll(Connection c, VideoKey key, String owner, PollFinish finish) {
    EndReason endReason = finish.endReason();
    CompletionModel model = finish.model();
    return claim(FINISH_POLL.on(c), key, owner)
        .bind("keepModel", model == null)
        .bind("predictedAt", model == null ? null : model.predictedAt())
        .bind("spread", model == null ? null : model.spreadSeconds())
        .bind("age", model == null ? null : model.ageSeconds())
        .bind("polledAt", finish.polledAt())
        .bind("failed", finish.failed())
        .bind("error", finish.error())
        .bind("changed", finish.changed())
        .bind("urgency", finish.urgency())
        .bind("nextPollAt", finish.nextPollAt())
        .bind("endedAt", endReason == null ? null : finish.polledAt())
        .bind("endReason", endReason == null ? null : endReason.dbValue())
        .updateAtMostOne();
  }

  /**
   * Extends a claim right before its request, so a long batch never outlives its lease; false when
   * the claim was lost meanwhile (the video must then be skipped).
   */
  public boolean renewClaim(Connection c, VideoKey key, String owner, Instant until) {
    return claim(RENEW.on(c), key, owner).bind("until", until).updateAtMostOne();
  }

  /** Gives a claimed video back unpolled, due again at {@code nextPollAt}. */
  public boolean release(Connection c, VideoKey key, String owner, Instant nextPollAt) {
    return claim(RELEASE.on(c), key, owner).bind("next", nextPollAt).updateAtMostOne();
  }

  public Optional<TrackedVideo> find(Connection c, VideoKey key) {
    return video(FIND.on(c), key).first(TrackedVideoRepository::map);
  }

  private static SqlCall video(SqlCall call, VideoKey key) {
    return call.bind("account", key.accountId()).bind("video", key.videoUid());
  }

  private static SqlCall claim(SqlCall call, VideoKey key, String owner) {
    return video(call, key).bind("owner", owner);
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

  private static TrackedVideo map(Row row) throws SQLException {
    String endReason = row.text("end_reason");
    String videoUid = row.requiredText("video_uid");
    return new TrackedVideo(
        new VideoKey(row.requiredText("account_id"), videoUid),
        row.instant("created_at"),
        row.instant("next_poll_at"),
        row.nullableInstant("last_polled_at"),
        row.integer("poll_count"),
        row.integer("consecutive_failures"),
        row.text("last_error"),
        row.nullableInstant("last_changed_at"),
        row.nullableInstant("ended_at"),
        endReason == null ? null : EndReason.fromDb(endReason),
        callbackUrl(row.text("callback_url"), videoUid),
        new CompletionModel(
            row.nullableInstant("model_predicted_at"),
            row.nullableDouble("model_spread_s"),
            row.nullableDouble("model_age_s")));
  }
}
