package dev.streampoller.cli;

import dev.streampoller.db.Database;
import dev.streampoller.db.Sql;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.tracking.EndReason;
import dev.streampoller.tracking.StatusViews;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryQueries;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/** Prints what the demo does, as it happens, and a closing summary with queries to try. */
final class DemoPrinter {
  private static final Duration REFRESH = Duration.ofMillis(300);

  /** Rows shown of each summary query. */
  private static final int SUMMARY_ROWS = 12;

  private final PrintStream out = System.out;
  private final TransitionRepository transitions = new TransitionRepository();
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final DeliveryQueries deliveries = new DeliveryQueries();
  private final StatusViews views = new StatusViews();
  private long lastTransitionId;
  private final java.util.Set<String> discovered = new java.util.HashSet<>();

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

  /** The videos uploaded for auto-track, which nobody tracks. */
  void uploaded(DemoScenario scenario) {
    scenario.videos().stream()
        .filter(DemoScenario.DemoVideo::uploaded)
        .forEach(
            v ->
                out.printf(
                    Locale.ROOT,
                    "  UPLOAD     %-14s encoding for %ss; nobody tracks it, auto-track looks every"
                        + " %ss%n",
                    v.uid(),
                    DemoScenario.UPLOAD_ENCODING.toSeconds(),
                    DemoScenario.AUTO_TRACK_INTERVAL.toSeconds()));
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
      database.run(c -> printDiscovered(c, scenario));
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
          int gone = 0;
          for (DemoScenario.DemoVideo video : scenario.videos()) {
            VideoKey key = new VideoKey(DemoScenario.ACCOUNT, video.uid());
            if (deliveries.list(c, new DeliveryQueries.Filter(key, null, null, 1000)).stream()
                .anyMatch(delivery -> !delivery.state().equals("delivered"))) {
              return false;
            }
            Optional<TrackedVideo> tracked = videos.find(c, key);
            if (tracked.isPresent() && tracked.get().endReason() == EndReason.VIDEO_GONE) {
              gone++;
            }
          }
          return gone == 1;
        });
  }

  private void printDiscovered(Connection c, DemoScenario scenario) {
    for (DemoScenario.DemoVideo video : scenario.videos()) {
      VideoKey key = new VideoKey(DemoScenario.ACCOUNT, video.uid());
      if (video.uploaded()
          && !discovered.contains(video.uid())
          && videos.source(c, key).filter("discovered"::equals).isPresent()) {
        discovered.add(video.uid());
        out.printf(
            Locale.ROOT,
            "  DISCOVERED %-14s by auto-track (list call), its default download created%n",
            video.uid());
      }
    }
  }

  private void printNewTransitions(Connection c) {
    for (TransitionRepository.Recorded recorded :
        transitions.ofAccountAfter(c, DemoScenario.ACCOUNT, lastTransitionId)) {
      lastTransitionId = recorded.id();
      Transition t = recorded.transition();
      Double percent = t.after().percentComplete();
      out.printf(
          Locale.ROOT,
          "  transition %-14s %-8s %-11s -> %-10s %5.1f%%%n",
          recorded.videoUid(),
          t.downloadType(),
          t.before() == null ? "(new)" : t.before().status(),
          t.after().status(),
          percent == null ? 0.0 : percent);
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
    for (Sql query : StatusViews.DEMO_SUMMARY) {
      out.println();
      out.println(query.text().strip() + ";");
      for (Map<String, @Nullable String> row :
          database.inTransaction(c -> views.sample(c, query, SUMMARY_ROWS))) {
        StringBuilder line = new StringBuilder("   ");
        row.forEach((column, value) -> line.append(' ').append(column).append('=').append(value));
        out.println(line);
      }
    }
  }
}
