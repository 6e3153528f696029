package dev.streampoller.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.streampoller.polling.TrackNotificationListener;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tables are a user interface: hand-written SQL works, bad rows are refused. */
@ExtendWith(PostgresExtension.class)
class SchemaIT {

  private static void exec(Database db, String sql) {
    db.run(c -> c.createStatement().execute(sql));
  }

  /** The first row of {@code sql}, its columns as text (NULL as "null"), space-separated. */
  private static String firstRow(Database db, String sql) {
    return db.inTransaction(
        c -> {
          var rs = c.createStatement().executeQuery(sql);
          rs.next();
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.append(i > 1 ? " " : "").append(rs.getString(i));
          }
          return row.toString();
        });
  }

  @Test
  void shouldStartTrackingWithAPlainInsert(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'abc123')");

    assertThat(firstRow(db, "SELECT next_poll_at <= now() AND ended_at IS NULL FROM tracked_video"))
        .isEqualTo("t");
  }

  @Test
  void shouldStartANewTrackAtTheFirstPollUrgencyThePolicyAndBenchmarkAssume(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'abc123')");

    assertThat(Double.parseDouble(firstRow(db, "SELECT poll_urgency FROM tracked_video")))
        .isEqualTo(dev.streampoller.polling.PollDecision.FIRST_POLL_URGENCY);
  }

  @Test
  void shouldRankANewTrackByTheModelThePolicyAndBenchmarkAssume(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'abc123')");

    String model =
        firstRow(db, "SELECT model_predicted_at, model_spread_s, model_age_s FROM tracked_video");

    double unseen = dev.streampoller.tracking.CompletionModel.newTrack().ageSeconds();
    assertThat(model.split(" ")).hasSize(3);
    assertThat(model).startsWith("null null ");
    assertThat(Double.parseDouble(model.split(" ")[2])).isEqualTo(unseen);
  }

  @Test
  void shouldRejectACompletionModelThePolicyCouldNotHaveWritten(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'abc123')");
    String update = "UPDATE tracked_video SET ";

    assertThatThrownBy(() -> exec(db, update + "model_age_s = -1"))
        .hasMessageContaining("tracked_video_model_age_not_negative");
    assertThatThrownBy(() -> exec(db, update + "model_age_s = 'NaN'"))
        .hasMessageContaining("tracked_video_model_age_not_negative");
    assertThatThrownBy(() -> exec(db, update + "model_age_s = NULL, model_predicted_at = now()"))
        .hasMessageContaining("tracked_video_model_prediction_complete");
    assertThatThrownBy(
            () ->
                exec(
                    db,
                    update + "model_age_s = NULL, model_predicted_at = now(), model_spread_s = 0"))
        .hasMessageContaining("tracked_video_model_spread_positive");
    assertThatThrownBy(() -> exec(db, update + "model_predicted_at = now(), model_spread_s = 5"))
        .hasMessageContaining("tracked_video_model_one_kind");
  }

  @Test
  void shouldRejectAMalformedVideoUid(Database db) {
    assertThatThrownBy(
            () ->
                exec(
                    db,
                    "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'not a uid!')"))
        .hasMessageContaining("tracked_video_video_uid_format");
    assertThatThrownBy(
            () ->
                exec(
                    db,
                    "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', repeat('a', 33))"))
        .hasMessageContaining("tracked_video_video_uid_format");
  }

  @Test
  void shouldRejectAnUnknownEndReasonAndAnEndWithoutReason(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'v1')");

    assertThatThrownBy(
            () -> exec(db, "UPDATE tracked_video SET ended_at = now(), end_reason = 'bored'"))
        .hasMessageContaining("tracked_video_end_reason_known");
    assertThatThrownBy(() -> exec(db, "UPDATE tracked_video SET ended_at = now()"))
        .hasMessageContaining("tracked_video_ended_has_reason");
  }

  @Test
  void shouldRejectPercentOutsideZeroToHundred(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'v1')");

    assertThatThrownBy(
            () ->
                exec(
                    db,
                    """
        INSERT INTO download_state (account_id, video_uid, download_type, status,
            percent_complete, sequence, first_seen_at, changed_at, last_observed_at)
        VALUES ('acc', 'v1', 'default', 'inprogress', 101, 1, now(), now(), now())"""))
        .hasMessageContaining("download_state_percent_range");
  }

  @Test
  void shouldRejectAnUnknownDeliveryStateOrEventType(Database db) {
    assertThatThrownBy(
            () ->
                exec(
                    db,
                    """
        INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,
            payload, endpoint, target_url, created_at, next_attempt_at)
        VALUES ('msg_abcdefgh12', 'download.done', 'acc', 'v1', 'default', '{}', 'default', 'https://x',
            now(), now())"""))
        .hasMessageContaining("webhook_delivery_event_type_known");
  }

  @Test
  void shouldCommentEveryTableAndColumnOfTheApplication(Database db) {
    long uncommented =
        db.inTransaction(
            c -> {
              var rs =
                  c.createStatement()
                      .executeQuery(
                          """
          SELECT count(*) FROM information_schema.columns col
           WHERE col.table_schema = current_schema()
             AND col.table_name IN ('tracked_video', 'download_state', 'download_transition',
                                    'webhook_delivery', 'cloudflare_account', 'request_budget',
                                    'webhook_endpoint')
             AND col_description(format('%I.%I', col.table_schema, col.table_name)::regclass,
                                 col.ordinal_position) IS NULL""");
              rs.next();
              return rs.getLong(1);
            });
    assertThat(uncommented).isZero();
  }

  @Test
  void shouldNotifyTheDaemonWhenAVideoIsInsertedByHand(Database db, DataSource dataSource) {
    AtomicInteger wakeUps = new AtomicInteger();
    try (TrackNotificationListener listener =
        new TrackNotificationListener(dataSource::getConnection, wakeUps::incrementAndGet)
            .start()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                exec(
                    db,
                    "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'n"
                        + System.nanoTime() % 1_000_000
                        + "') ON CONFLICT DO NOTHING");
                assertThat(wakeUps.get()).isPositive();
              });
    }
  }
}
