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

  @Test
  void shouldStartTrackingWithAPlainInsert(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'abc123')");

    boolean due =
        db.inTransaction(
            c -> {
              var rs =
                  c.createStatement()
                      .executeQuery(
                          "SELECT next_poll_at <= now() AND ended_at IS NULL FROM tracked_video");
              rs.next();
              return rs.getBoolean(1);
            });
    assertThat(due).isTrue();
  }

  @Test
  void shouldStartANewTrackAtTheFirstPollUrgencyThePolicyAndBenchmarkAssume(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'abc123')");

    double urgency =
        db.inTransaction(
            c -> {
              var rs = c.createStatement().executeQuery("SELECT poll_urgency FROM tracked_video");
              rs.next();
              return rs.getDouble(1);
            });
    assertThat(urgency).isEqualTo(dev.streampoller.polling.PollDecision.FIRST_POLL_URGENCY);
  }

  @Test
  void shouldRankANewTrackByTheModelThePolicyAndBenchmarkAssume(Database db) {
    exec(db, "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'abc123')");

    String model =
        db.inTransaction(
            c -> {
              var rs =
                  c.createStatement()
                      .executeQuery(
                          "SELECT model_predicted_at, model_spread_s, model_age_s"
                              + " FROM tracked_video");
              rs.next();
              return rs.getObject(1) + " " + rs.getObject(2) + " " + rs.getDouble(3);
            });
    assertThat(model)
        .isEqualTo(
            "null null "
                + dev.streampoller.tracking.CompletionModel.newTrack().ageSeconds().doubleValue());
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
