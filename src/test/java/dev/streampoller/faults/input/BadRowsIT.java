package dev.streampoller.faults.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.streampoller.polling.RequestBudgetRepository;
import dev.streampoller.polling.TokenBucket;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.DownloadStateRepository;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-written rows the daemon could not use are refused by PostgreSQL with an error naming the
 * constraint, for every table the daemon reads. SchemaIT holds the first few (a malformed uid, an
 * unknown end reason, percent 101, an unknown event type); this is the rest of the matrix. Each
 * case starts from valid rows in every table and changes one thing.
 */
@ExtendWith(PostgresExtension.class)
class BadRowsIT {
  static final Set<String> TABLES_THE_DAEMON_READS =
      Set.of(
          "tracked_video",
          "download_state",
          "download_transition",
          "webhook_delivery",
          "webhook_endpoint",
          "cloudflare_account",
          "request_budget");

  /** One bad row: its table, what is wrong, the statement, and what must refuse it. */
  record BadRow(String table, String what, String sql, String refusedBy) {
    @Override
    public String toString() {
      return table + ": " + what;
    }
  }

  private static final String STATE =
      "INSERT INTO download_state (account_id, video_uid, download_type, status,"
          + " percent_complete, sequence, first_seen_at, changed_at, last_observed_at) VALUES ";
  private static final String TRANSITION =
      "INSERT INTO download_transition (account_id, video_uid, download_type, sequence,"
          + " observed_at, from_status, to_status, from_percent_complete, to_percent_complete)"
          + " VALUES ";
  private static final String DELIVERY =
      "INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid, download_type,"
          + " payload, endpoint, target_url, created_at, state, next_attempt_at, delivered_at)"
          + " VALUES ";

  private static String delivery(String eventId, String payload, String endpoint, String target) {
    return DELIVERY
        + "('"
        + eventId
        + "', 'download.ready', 'acc', 'v1', 'default', '"
        + payload
        + "', '"
        + endpoint
        + "', '"
        + target
        + "', now(), 'pending', now(), NULL)";
  }

  static Stream<BadRow> badRows() {
    return Stream.of(
        // tracked_video: polled by the daemon, inserted by people
        bad(
            "tracked_video",
            "empty uid",
            "INSERT INTO tracked_video VALUES ('acc', '')",
            "video_uid_format"),
        bad(
            "tracked_video",
            "uid with a newline",
            "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', E'v2\\n')",
            "tracked_video_video_uid_format"),
        bad(
            "tracked_video",
            "non-ASCII uid",
            "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'vidé')",
            "tracked_video_video_uid_format"),
        bad(
            "tracked_video",
            "account id with a dash",
            "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc-1', 'v2')",
            "tracked_video_account_id_format"),
        bad(
            "tracked_video",
            "no uid",
            "INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', NULL)",
            "null value in column \"video_uid\""),
        bad(
            "tracked_video",
            "no next poll time",
            "UPDATE tracked_video SET next_poll_at = NULL",
            "null value in column \"next_poll_at\""),
        bad(
            "tracked_video",
            "negative poll count",
            "UPDATE tracked_video SET poll_count = -1",
            "tracked_video_counts_not_negative"),
        bad(
            "tracked_video",
            "negative failure count",
            "UPDATE tracked_video SET consecutive_failures = -3",
            "tracked_video_counts_not_negative"),
        bad(
            "tracked_video",
            "end_reason without ended_at",
            "UPDATE tracked_video SET end_reason = 'done'",
            "tracked_video_ended_has_reason"),
        bad(
            "tracked_video",
            "claimed without a lease end",
            "UPDATE tracked_video SET claimed_by = 'me'",
            "tracked_video_claim_complete"),
        bad(
            "tracked_video",
            "urgency above 1",
            "UPDATE tracked_video SET poll_urgency = 1.5",
            "tracked_video_poll_urgency_range"),
        bad(
            "tracked_video",
            "urgency NaN",
            "UPDATE tracked_video SET poll_urgency = 'NaN'",
            "tracked_video_poll_urgency_range"),
        bad(
            "tracked_video",
            "negative download age",
            "UPDATE tracked_video SET model_age_s = -1",
            "tracked_video_model_age_not_negative"),
        bad(
            "tracked_video",
            "predicted completion without a spread",
            "UPDATE tracked_video SET model_age_s = NULL, model_predicted_at = now()",
            "tracked_video_model_prediction_complete"),
        bad(
            "tracked_video",
            "infinite spread",
            "UPDATE tracked_video SET model_age_s = NULL, model_predicted_at = now(),"
                + " model_spread_s = 'Infinity'",
            "tracked_video_model_spread_positive"),
        bad(
            "tracked_video",
            "callback URL that is not http",
            "UPDATE tracked_video SET callback_url = 'ftp://tenant.example/hook'",
            "tracked_video_callback_url_http"),
        bad(
            "tracked_video",
            "callback URL with a space",
            "UPDATE tracked_video SET callback_url = 'https://tenant.example/a hook'",
            "tracked_video_callback_url_http"),
        // download_state
        bad(
            "download_state",
            "percent below 0",
            "UPDATE download_state SET percent_complete = -1",
            "download_state_percent_range"),
        bad(
            "download_state",
            "percent NaN",
            "UPDATE download_state SET percent_complete = 'NaN'",
            "download_state_percent_range"),
        bad(
            "download_state",
            "percent infinite",
            "UPDATE download_state SET percent_complete = 'Infinity'",
            "download_state_percent_range"),
        bad(
            "download_state",
            "empty status",
            "UPDATE download_state SET status = ''",
            "download_state_status_not_blank"),
        bad(
            "download_state",
            "status that is a tab",
            "UPDATE download_state SET status = E'\\t'",
            "download_state_status_readable"),
        bad(
            "download_state",
            "status of 65 characters with trailing blanks",
            "UPDATE download_state SET status = repeat('x', 60) || '     '",
            "download_state_status_readable"),
        bad(
            "download_state",
            "blank download type",
            STATE + "('acc', 'v1', '   ', 'inprogress', 1, 1, now(), now(), now())",
            "download_state_type_readable"),
        bad(
            "download_state",
            "empty download type",
            STATE + "('acc', 'v1', '', 'inprogress', 1, 1, now(), now(), now())",
            "download_state_type_length"),
        bad(
            "download_state",
            "sequence 0",
            "UPDATE download_state SET sequence = 0",
            "download_state_sequence_positive"),
        bad(
            "download_state",
            "video not tracked",
            STATE + "('acc', 'nosuch', 'default', 'ready', 100, 1, now(), now(), now())",
            "download_state_account_id_video_uid_fkey"),
        // download_transition
        bad(
            "download_transition",
            "sequence 0",
            TRANSITION + "('acc', 'v1', 'default', 0, now(), 'inprogress', 'ready', 10, 100)",
            "download_transition_sequence_positive"),
        bad(
            "download_transition",
            "first observation with a before",
            TRANSITION + "('acc', 'v1', 'audio', 1, now(), 'inprogress', 'ready', 10, 100)",
            "download_transition_first_has_no_before"),
        bad(
            "download_transition",
            "later observation without a before",
            TRANSITION + "('acc', 'v1', 'default', 2, now(), NULL, 'ready', NULL, 100)",
            "download_transition_first_has_no_before"),
        bad(
            "download_transition",
            "percent 150",
            TRANSITION + "('acc', 'v1', 'default', 2, now(), 'inprogress', 'ready', 10, 150)",
            "download_transition_percent_range"),
        bad(
            "download_transition",
            "nothing changed",
            TRANSITION + "('acc', 'v1', 'default', 2, now(), 'inprogress', 'inprogress', 10, 10)",
            "download_transition_is_a_change"),
        bad(
            "download_transition",
            "sequence taken",
            TRANSITION + "('acc', 'v1', 'default', 1, now(), NULL, 'ready', NULL, 100)",
            "download_transition_account_id_video_uid_download_type_sequ_key"),
        bad(
            "download_transition",
            "unknown download",
            TRANSITION + "('acc', 'v1', 'audio', 1, now(), NULL, 'ready', NULL, 100)",
            "download_transition_account_id_video_uid_download_type_fkey"),
        bad(
            "download_transition",
            "empty status after",
            TRANSITION + "('acc', 'v1', 'default', 2, now(), 'inprogress', '', 10, 20)",
            "download_transition_status_readable"),
        bad(
            "download_transition",
            "blank status before",
            TRANSITION + "('acc', 'v1', 'default', 2, now(), ' ', 'ready', 10, 100)",
            "download_transition_status_readable"),
        bad(
            "download_transition",
            "status of 65 characters",
            TRANSITION
                + "('acc', 'v1', 'default', 2, now(), 'inprogress', repeat('y', 65), 10, 10)",
            "download_transition_status_readable"),
        // webhook_delivery
        bad(
            "webhook_delivery",
            "event id without msg_",
            delivery("evt_12345678", "{}", "default", "https://x.example/h"),
            "webhook_delivery_event_id_format"),
        bad(
            "webhook_delivery",
            "payload that is an array",
            delivery("msg_abcdefgh02", "[]", "default", "https://x.example/h"),
            "webhook_delivery_payload_object"),
        bad(
            "webhook_delivery",
            "payload that is not JSON",
            delivery("msg_abcdefgh03", "ready!", "default", "https://x.example/h"),
            "invalid input syntax for type json"),
        bad(
            "webhook_delivery",
            "target that is not http",
            delivery("msg_abcdefgh04", "{}", "default", "mailto:ops@example.com"),
            "webhook_delivery_target_http"),
        bad(
            "webhook_delivery",
            "endpoint with capitals and a space",
            delivery("msg_abcdefgh05", "{}", "Bad Name", "https://x.example/h"),
            "webhook_delivery_endpoint_format"),
        bad(
            "webhook_delivery",
            "same event twice to one endpoint",
            delivery("msg_base000001", "{}", "default", "https://x.example/h"),
            "webhook_delivery_event_endpoint_key"),
        bad(
            "webhook_delivery",
            "unknown state",
            "UPDATE webhook_delivery SET state = 'sleeping', next_attempt_at = NULL",
            "webhook_delivery_state_known"),
        bad(
            "webhook_delivery",
            "negative attempts",
            "UPDATE webhook_delivery SET attempts = -1",
            "webhook_delivery_attempts_not_negative"),
        bad(
            "webhook_delivery",
            "pending with nothing scheduled",
            "UPDATE webhook_delivery SET next_attempt_at = NULL",
            "webhook_delivery_pending_is_scheduled"),
        bad(
            "webhook_delivery",
            "dead with an attempt scheduled",
            "UPDATE webhook_delivery SET state = 'dead'",
            "webhook_delivery_pending_is_scheduled"),
        bad(
            "webhook_delivery",
            "delivered without a time",
            "UPDATE webhook_delivery SET state = 'delivered', next_attempt_at = NULL",
            "webhook_delivery_delivered_has_time"),
        bad(
            "webhook_delivery",
            "claimed without a lease end",
            "UPDATE webhook_delivery SET claimed_by = 'me'",
            "webhook_delivery_claim_complete"),
        bad(
            "webhook_delivery",
            "HTTP status 600",
            "UPDATE webhook_delivery SET last_http_status = 600",
            "webhook_delivery_http_status_range"),
        // webhook_endpoint
        bad(
            "webhook_endpoint",
            "name with capitals",
            "INSERT INTO webhook_endpoint VALUES ('CRM', 'https://crm.example/h', repeat('a', 64),"
                + " NULL, NULL, now())",
            "webhook_endpoint_name_format"),
        bad(
            "webhook_endpoint",
            "URL that is not http",
            "UPDATE webhook_endpoint SET url = 'crm.example/h'",
            "webhook_endpoint_url_http"),
        bad(
            "webhook_endpoint",
            "fingerprint that is not SHA-256 hex",
            "UPDATE webhook_endpoint SET url_fingerprint = 'abc'",
            "webhook_endpoint_url_fingerprint_format"),
        bad(
            "webhook_endpoint",
            "disabled without a reason",
            "UPDATE webhook_endpoint SET disabled_at = now()",
            "webhook_endpoint_disabled_has_reason"),
        // cloudflare_account
        bad(
            "cloudflare_account",
            "account id with a space",
            "INSERT INTO cloudflare_account (account_id, updated_at) VALUES ('acc 2', now())",
            "cloudflare_account_id_format"),
        bad(
            "cloudflare_account",
            "unknown pause reason",
            "UPDATE cloudflare_account SET paused_until = now(), pause_reason = 'bored'",
            "cloudflare_account_pause_reason_known"),
        bad(
            "cloudflare_account",
            "paused without a reason",
            "UPDATE cloudflare_account SET paused_until = now() + interval '5 minutes'",
            "cloudflare_account_pause_complete"),
        // request_budget
        bad(
            "request_budget",
            "credential id that could be the token itself",
            "INSERT INTO request_budget VALUES ('cfut_rawtoken', 1, 30, 2.9, now())",
            "request_budget_credential_id_format"),
        bad(
            "request_budget",
            "capacity 0",
            "UPDATE request_budget SET capacity = 0, tokens = 0",
            "request_budget_capacity_positive"),
        bad(
            "request_budget",
            "no refill",
            "UPDATE request_budget SET refill_per_second = 0",
            "request_budget_refill_positive"),
        bad(
            "request_budget",
            "negative tokens",
            "UPDATE request_budget SET tokens = -1",
            "request_budget_tokens_range"),
        bad(
            "request_budget",
            "more tokens than capacity",
            "UPDATE request_budget SET tokens = 31",
            "request_budget_tokens_range"),
        bad(
            "request_budget",
            "tokens NaN",
            "UPDATE request_budget SET tokens = 'NaN'",
            "request_budget_tokens_range"));
  }

  private static BadRow bad(String table, String what, String sql, String refusedBy) {
    return new BadRow(table, what, sql, refusedBy);
  }

  @BeforeEach
  void validRowsInEveryTable(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO tracked_video (account_id, video_uid) VALUES ('acc', 'v1')");
      s.execute(STATE + "('acc', 'v1', 'default', 'inprogress', 10, 1, now(), now(), now())");
      s.execute(TRANSITION + "('acc', 'v1', 'default', 1, now(), NULL, 'inprogress', NULL, 10)");
      s.execute(delivery("msg_base000001", "{}", "default", "https://x.example/h"));
      s.execute(
          "INSERT INTO webhook_endpoint VALUES ('crm', 'https://crm.example/h', repeat('a', 64),"
              + " NULL, NULL, now())");
      s.execute("INSERT INTO cloudflare_account (account_id, updated_at) VALUES ('acc', now())");
      s.execute("INSERT INTO request_budget VALUES ('token:abc', 10, 30, 2.9, now())");
    }
  }

  @Test
  void shouldHaveBadRowsForEveryTableTheDaemonReads() {
    assertThat(badRows().map(BadRow::table).collect(Collectors.toSet()))
        .isEqualTo(TABLES_THE_DAEMON_READS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRows")
  void shouldRefuseARowTheDaemonCouldNotUse(BadRow row, DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(row.sql());
      fail("PostgreSQL accepted " + row + ": " + row.sql());
    } catch (SQLException e) {
      // Class 23: integrity constraint violation; 22P02: not valid JSON at all.
      assertThat(e.getSQLState()).as(e.getMessage()).matches("23...|22P02");
      assertThat(e.getMessage()).contains(row.refusedBy());
    }
  }

  /**
   * Why V6 exists: without its checks a blank status is stored, and then every poll of the video
   * fails reading it back (and records nothing). Run with the constraints dropped inside a
   * transaction that is rolled back, so the schema is untouched.
   */
  @Test
  void shouldNeedV6BecauseEveryPollOfTheVideoWouldFailToReadTheRow(DataSource dataSource)
      throws SQLException {
    VideoKey key = new VideoKey("acc", "v1");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE download_state DROP CONSTRAINT download_state_status_readable");
        s.execute(
            "ALTER TABLE download_transition DROP CONSTRAINT download_transition_status_readable");
        s.execute("UPDATE download_state SET status = E'\\t'");
        s.execute(TRANSITION + "('acc', 'v1', 'default', 2, now(), 'inprogress', '', 10, 20)");

        assertThatThrownBy(() -> new DownloadStateRepository().findByVideo(c, key))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransitionRepository().recent(c, key, 10))
            .isInstanceOf(IllegalArgumentException.class);
      } finally {
        c.rollback();
      }
    }
  }

  /**
   * A bucket of NaN or infinite numbers passes the checks (PostgreSQL orders NaN above every
   * number), but the daemon adopts its configured budget before it reads the row, so it is repaired
   * instead of breaking the claim.
   */
  @Test
  void shouldRepairABudgetRowOfNaNOrInfiniteNumbersOnTheNextClaim(DataSource dataSource)
      throws SQLException {
    for (String value : List.of("NaN", "Infinity")) {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "UPDATE request_budget SET capacity = '"
                + value
                + "', tokens = '"
                + value
                + "', refill_per_second = '"
                + value
                + "'");

        TokenBucket bucket =
            new RequestBudgetRepository()
                .lock(c, "token:abc", 900, Instant.parse("2026-03-01T10:00:00Z"));

        assertThat(bucket.capacity()).as(value).isEqualTo(30);
        assertThat(bucket.tokens()).as(value).isBetween(0.0, 30.0);
      }
    }
  }
}
