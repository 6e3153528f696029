package dev.streampoller.cli;

import dev.streampoller.db.Database;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/** Prints what the demo does, as it happens, and a closing summary with queries to try. */
final class DemoPrinter {
  private static final Duration REFRESH = Duration.ofMillis(300);
  private static final List<String> QUERIES =
      List.of(
          """
      SELECT video_uid, end_reason, poll_count, last_error
        FROM tracked_video ORDER BY created_at""",
          """
      SELECT video_uid, download_type, status, percent_complete, changed_at
        FROM download_state ORDER BY video_uid, download_type""",
          """
      SELECT video_uid, download_type, sequence, from_status, to_status, to_percent_complete
        FROM download_transition ORDER BY id DESC LIMIT 8""",
          """
      SELECT event_id, event_type, video_uid, state, attempts, last_http_status
        FROM webhook_delivery ORDER BY id""");

  private final PrintStream out = System.out;
  private long lastTransitionId;

  void intro(DemoScenario scenario, StreamSimulator simulator, WebhookReceiver receiver) {
    out.println();
    out.println("stream-poller demo");
    out.println("  Cloudflare Stream simulator: " + simulator.baseUrl());
    out.println("  webhook receiver (verifies Standard Webhooks signatures): " + receiver.url());
    out.println(
        "  injected: API 503, HTML 502, malformed JSON, 429 Retry-After 2s; receiver 503 x2");
    out.println("  videos (account " + DemoScenario.ACCOUNT + "):");
    scenario.videos().forEach(v -> out.println("    " + DemoScenario.describe(v)));
    out.println();
  }

  void webhook(ReceivedWebhook webhook) {
    var data = webhook.json().path("data");
    out.printf(
        Locale.ROOT,
        "  WEBHOOK %-15s %-14s %-8s id=%s signature %s%n",
        webhook.json().path("type").asText(),
        data.path("videoId").asText(),
        data.path("downloadType").asText(),
        webhook.msgId(),
        webhook.signatureValid() ? "verified" : "INVALID");
  }

  /** Prints transitions until every expected webhook arrived and the 404 video ended. */
  boolean followUntilDone(
      Database database, DemoScenario scenario, WebhookReceiver receiver, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      database.run(this::printNewTransitions);
      if (done(database, scenario, receiver)) {
        return true;
      }
      LockSupport.parkNanos(REFRESH.toNanos());
    }
    out.println("Demo timed out after " + timeout + " before every webhook was delivered.");
    return false;
  }

  private boolean done(Database database, DemoScenario scenario, WebhookReceiver receiver) {
    long verified =
        receiver.received().stream()
            .filter(ReceivedWebhook::signatureValid)
            .map(ReceivedWebhook::msgId)
            .distinct()
            .count();
    if (verified < scenario.expectedWebhooks()) {
      return false;
    }
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
          SELECT count(*) FILTER (WHERE state <> 'delivered') AS undelivered,
                 (SELECT count(*) FROM tracked_video
                   WHERE account_id = ? AND end_reason = 'video_gone' AND video_uid = ANY (?)) AS gone
            FROM webhook_delivery WHERE account_id = ? AND video_uid = ANY (?)""")) {
            var uids =
                c.createArrayOf(
                    "text", scenario.videos().stream().map(DemoScenario.DemoVideo::uid).toArray());
            ps.setString(1, DemoScenario.ACCOUNT);
            ps.setArray(2, uids);
            ps.setString(3, DemoScenario.ACCOUNT);
            ps.setArray(4, uids);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong("undelivered") == 0 && rs.getLong("gone") == 1;
            }
          }
        });
  }

  private void printNewTransitions(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
        SELECT id, video_uid, download_type, from_status, to_status, to_percent_complete
          FROM download_transition WHERE id > ? AND account_id = ? ORDER BY id""")) {
      ps.setLong(1, lastTransitionId);
      ps.setString(2, DemoScenario.ACCOUNT);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lastTransitionId = rs.getLong("id");
          double percent = rs.getDouble("to_percent_complete");
          out.printf(
              Locale.ROOT,
              "  transition %-14s %-8s %-11s -> %-10s %5.1f%%%n",
              rs.getString("video_uid"),
              rs.getString("download_type"),
              rs.getString("from_status") == null ? "(new)" : rs.getString("from_status"),
              rs.getString("to_status"),
              rs.wasNull() ? 0.0 : percent);
        }
      }
    }
  }

  void summary(
      Database database,
      DemoScenario scenario,
      WebhookReceiver receiver,
      String jdbcUrl,
      boolean embedded) {
    out.println();
    out.printf(
        "Done: %d webhooks verified (%d attempts, including the 2 refused on purpose).%n",
        receiver.received().stream().filter(ReceivedWebhook::signatureValid).count(),
        receiver.attempts().size());
    out.println(
        "What PostgreSQL recorded (try these yourself"
            + (embedded
                ? " with --database-url to keep the data):"
                : " against " + jdbcUrl + "):"));
    for (String query : QUERIES) {
      out.println();
      out.println(query.strip() + ";");
      database.run(c -> printQuery(c, query));
    }
  }

  private void printQuery(Connection c, String query) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      int rows = 0;
      while (rs.next() && rows++ < 12) {
        StringBuilder line = new StringBuilder("   ");
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          line.append(' ').append(meta.getColumnName(i)).append('=').append(rs.getString(i));
        }
        out.println(line);
      }
    }
  }
}
