package dev.streampoller.tracking;

import dev.streampoller.db.Row;
import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code download_transition}: the append-only history. Runs in the caller's transaction. */
public final class TransitionRepository {

  private static final Sql INSERT =
      Sql.of(
          "record transitions",
          """
          INSERT INTO download_transition (account_id, video_uid, download_type, sequence,
                                           observed_at, from_status, to_status,
                                           from_percent_complete, to_percent_complete, from_url,
                                           to_url)
          VALUES (:account, :video, :type, :sequence, :observedAt, :fromStatus, :toStatus,
                  :fromPercent, :toPercent, :fromUrl, :toUrl)
          """);

  private static final Sql RECENT =
      Sql.of(
          "read a video's recent transitions",
          """
          SELECT download_type, sequence, observed_at, from_status, to_status,
                 from_percent_complete, to_percent_complete, from_url, to_url
            FROM download_transition
           WHERE account_id = :account AND video_uid = :video
           ORDER BY observed_at DESC, id DESC
           LIMIT :limit
          """);

  // Transitions that owed an event (Transition#becameTerminal), before the given sequence.
  private static final Sql LAST_TERMINAL_BEFORE =
      Sql.of(
          "find a download's last terminal transition",
          """
          SELECT max(observed_at) AS at
            FROM download_transition
           WHERE account_id = :account AND video_uid = :video AND download_type = :type
             AND sequence < :sequence
             AND to_status IN ('ready', 'error')
             AND (from_status IS NULL OR from_status <> to_status)
          """);

  private static final Sql OF_ACCOUNT_AFTER =
      Sql.of(
          "read an account's new transitions",
          """
          SELECT id, video_uid, download_type, sequence, observed_at, from_status, to_status,
                 from_percent_complete, to_percent_complete, from_url, to_url
            FROM download_transition
           WHERE id > :after AND account_id = :account
           ORDER BY id
          """);

  /** A recorded transition with its place in the history ({@code id}) and its video. */
  public record Recorded(long id, String videoUid, Transition transition) {}

  public void insertAll(Connection c, VideoKey key, List<Transition> transitions) {
    INSERT
        .on(c)
        .bind("account", key.accountId())
        .bind("video", key.videoUid())
        .batch(
            transitions,
            (call, t) -> {
              DownloadSnapshot before = t.before();
              call.bind("type", t.downloadType())
                  .bind("sequence", t.sequence())
                  .bind("observedAt", t.observedAt())
                  .bind("fromStatus", before == null ? null : before.status())
                  .bind("toStatus", t.after().status())
                  .bind("fromPercent", before == null ? null : before.percentComplete())
                  .bind("toPercent", t.after().percentComplete())
                  .bind("fromUrl", before == null ? null : before.url())
                  .bind("toUrl", t.after().url());
            });
  }

  /**
   * When the download last became {@code ready} or {@code error} ({@link
   * Transition#becameTerminal()}) before its transition {@code sequence}; empty if it never did.
   */
  public Optional<Instant> lastTerminalBefore(
      Connection c, VideoKey key, String downloadType, int sequence) {
    return Optional.ofNullable(
        LAST_TERMINAL_BEFORE
            .on(c)
            .bind("account", key.accountId())
            .bind("video", key.videoUid())
            .bind("type", downloadType)
            .bind("sequence", sequence)
            .single(row -> row.nullableInstant("at")));
  }

  /** The most recent transitions of a video, newest first. */
  public List<Transition> recent(Connection c, VideoKey key, int limit) {
    return RECENT
        .on(c)
        .bind("account", key.accountId())
        .bind("video", key.videoUid())
        .bind("limit", limit)
        .list(TransitionRepository::map);
  }

  /** The transitions of an account recorded after the one numbered {@code afterId}, in order. */
  public List<Recorded> ofAccountAfter(Connection c, String accountId, long afterId) {
    return OF_ACCOUNT_AFTER
        .on(c)
        .bind("after", afterId)
        .bind("account", accountId)
        .list(row -> new Recorded(row.longValue("id"), row.requiredText("video_uid"), map(row)));
  }

  private static Transition map(Row row) throws SQLException {
    String type = row.requiredText("download_type");
    String fromStatus = row.text("from_status");
    @Nullable DownloadSnapshot before =
        fromStatus == null
            ? null
            : new DownloadSnapshot(
                type,
                fromStatus,
                row.nullableDouble("from_percent_complete"),
                row.text("from_url"));
    DownloadSnapshot after =
        new DownloadSnapshot(
            type,
            row.requiredText("to_status"),
            row.nullableDouble("to_percent_complete"),
            row.text("to_url"));
    return new Transition(type, row.integer("sequence"), before, after, row.instant("observed_at"));
  }
}
