package dev.streampoller.db;

import static dev.streampoller.db.ViewSql.download;
import static dev.streampoller.db.ViewSql.rows;
import static dev.streampoller.db.ViewSql.transition;
import static dev.streampoller.db.ViewSql.video;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.testing.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code download_time_to_ready}: first sight to the first transition into ready or error. */
@ExtendWith(PostgresExtension.class)
class DownloadTimeToReadyViewIT {

  private static final String SELECT =
      """
      SELECT download_type, outcome, status_now, transitions,
             extract(epoch FROM time_to_finish)::bigint AS seconds
        FROM download_time_to_ready ORDER BY download_type""";

  @Test
  void shouldMeasureFromFirstSightToTheTransitionIntoReady(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              video(c, "v1");
              download(c, "v1", "default", "ready", 100.0, 3, 10);
              transition(c, "v1", "default", 1, 10, null, "inprogress", 5.0);
              transition(c, "v1", "default", 2, 7, "inprogress", "inprogress", 60.0);
              transition(c, "v1", "default", 3, 6, "inprogress", "ready", 100.0);
              return rows(c, SELECT);
            });

    assertThat(rows)
        .containsExactly(
            Map.of(
                "download_type", "default",
                "outcome", "ready",
                "status_now", "ready",
                "transitions", 3,
                "seconds", 240L));
  }

  @Test
  void shouldKeepTheFirstOutcomeWhenAReadyDownloadLaterTurnsToError(Database db) {
    Map<String, @Nullable Object> row =
        db.inTransaction(
            c -> {
              video(c, "v1");
              download(c, "v1", "default", "error", null, 3, 10);
              transition(c, "v1", "default", 1, 10, null, "inprogress", 5.0);
              transition(c, "v1", "default", 2, 8, "inprogress", "ready", 100.0);
              transition(c, "v1", "default", 3, 1, "ready", "error", null);
              return rows(c, SELECT).get(0);
            });

    assertThat(row.get("outcome")).isEqualTo("ready");
    assertThat(row.get("status_now")).isEqualTo("error");
    assertThat(row.get("transitions")).isEqualTo(2);
    assertThat(row.get("seconds")).isEqualTo(120L);
  }

  @Test
  void shouldReportAnErrorOutcome(Database db) {
    Map<String, @Nullable Object> row =
        db.inTransaction(
            c -> {
              video(c, "v1");
              download(c, "v1", "audio", "error", null, 2, 30);
              transition(c, "v1", "audio", 1, 30, null, "inprogress", 0.0);
              transition(c, "v1", "audio", 2, 0, "inprogress", "error", null);
              return rows(c, SELECT).get(0);
            });

    assertThat(row.get("outcome")).isEqualTo("error");
    assertThat(row.get("seconds")).isEqualTo(1800L);
  }

  @Test
  void shouldLeaveOutDownloadsStillInProgress(Database db) {
    List<Map<String, @Nullable Object>> rows =
        db.inTransaction(
            c -> {
              video(c, "v1");
              download(c, "v1", "default", "inprogress", 50.0, 2, 10);
              transition(c, "v1", "default", 1, 10, null, "inprogress", 5.0);
              transition(c, "v1", "default", 2, 5, "inprogress", "inprogress", 50.0);
              return rows(c, SELECT);
            });

    assertThat(rows).isEmpty();
  }

  @Test
  void shouldCountADownloadReadyAtFirstSightAsOneTransitionAndNoTime(Database db) {
    Map<String, @Nullable Object> row =
        db.inTransaction(
            c -> {
              video(c, "v1");
              download(c, "v1", "default", "ready", 100.0, 1, 3);
              transition(c, "v1", "default", 1, 3, null, "ready", 100.0);
              return rows(c, SELECT).get(0);
            });

    assertThat(row.get("transitions")).isEqualTo(1);
    assertThat(row.get("seconds")).isEqualTo(0L);
  }
}
