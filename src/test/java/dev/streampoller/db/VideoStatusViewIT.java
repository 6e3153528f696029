package dev.streampoller.db;

import static dev.streampoller.db.ViewSql.download;
import static dev.streampoller.db.ViewSql.endVideo;
import static dev.streampoller.db.ViewSql.exec;
import static dev.streampoller.db.ViewSql.rows;
import static dev.streampoller.db.ViewSql.video;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code video_status}: one row per tracked video with its downloads summarised. */
@ExtendWith(PostgresExtension.class)
class VideoStatusViewIT {

  private static final String SELECT = "SELECT * FROM video_status ORDER BY video_uid";

  @Test
  void shouldSummariseTheDownloadsOfAnActiveVideoInTypeOrder(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              video(c, "v1");
              download(c, "v1", "default", "ready", 100.0, 3, 10);
              download(c, "v1", "audio", "inprogress", 42.5, 2, 10);
              download(c, "v1", "hls", "inprogress", 7.0, 1, 10);
              return rows(c, SELECT);
            });

    assertThat(rows).hasSize(1);
    Map<String, @Nullable Object> row = rows.get(0);
    assertThat(row.get("tracking")).isEqualTo("active");
    assertThat(row.get("end_reason")).isNull();
    assertThat(row.get("downloads"))
        .isEqualTo("audio: inprogress 42.5%, default: ready, hls: inprogress 7%");
    assertThat(row.get("download_count")).isEqualTo(3L);
    assertThat(row.get("ready_count")).isEqualTo(1L);
    assertThat(row.get("error_count")).isEqualTo(0L);
    assertThat(row.get("next_poll_at")).isNotNull();
  }

  @Test
  void shouldShowAnEndedVideoWithItsReasonAndNoNextPoll(Database db) {
    Map<String, @Nullable Object> row =
        db.inTransaction(
            c -> {
              video(c, "v1");
              download(c, "v1", "default", "error", null, 2, 10);
              endVideo(c, "v1", "done");
              return rows(c, SELECT).get(0);
            });

    assertThat(row.get("tracking")).isEqualTo("ended");
    assertThat(row.get("end_reason")).isEqualTo("done");
    assertThat(row.get("ended_at")).isNotNull();
    assertThat(row.get("next_poll_at")).isNull();
    assertThat(row.get("downloads")).isEqualTo("default: error");
    assertThat(row.get("error_count")).isEqualTo(1L);
  }

  @Test
  void shouldListAVideoWithoutDownloadsWithAnEmptySummaryAndItsPollErrors(Database db) {
    Map<String, @Nullable Object> row =
        db.inTransaction(
            c -> {
              video(c, "v1");
              exec(
                  c,
                  """
                  UPDATE tracked_video SET poll_count = 4, consecutive_failures = 2,
                         last_error = 'HTTP 502', last_error_at = now()""");
              return rows(c, SELECT).get(0);
            });

    assertThat(row.get("downloads")).isEqualTo("");
    assertThat(row.get("download_count")).isEqualTo(0L);
    assertThat(row.get("polls")).isEqualTo(4);
    assertThat(row.get("consecutive_failures")).isEqualTo(2);
    assertThat(row.get("last_error")).isEqualTo("HTTP 502");
  }

  @Test
  void shouldShowTheAccountPauseOnlyWhileItLasts(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              video(c, "v1");
              exec(
                  c,
                  """
                  INSERT INTO cloudflare_account
                      (account_id, paused_until, pause_reason, updated_at)
                  VALUES (?, now() + interval '5 minutes', 'rate_limited', now())""",
                  ViewSql.ACCOUNT);
              List<Map<String, @Nullable Object>> paused = rows(c, SELECT);
              exec(c, "UPDATE cloudflare_account SET paused_until = now() - interval '1 second'");
              paused.addAll(rows(c, SELECT));
              return paused;
            });

    assertThat(rows.get(0).get("account_pause_reason")).isEqualTo("rate_limited");
    assertThat(rows.get(0).get("account_paused_until")).isNotNull();
    assertThat(rows.get(1).get("account_pause_reason")).isNull();
    assertThat(rows.get(1).get("account_paused_until")).isNull();
  }
}
