package dev.streampoller.cli;

import dev.streampoller.polling.AccountPauseRepository;
import dev.streampoller.tracking.DownloadStateRepository;
import dev.streampoller.tracking.StoredDownload;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryQueries;
import dev.streampoller.webhook.DeliveryView;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status UID...}: tracking state, downloads, recent transitions and deliveries. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show a video's tracking state, downloads, recent transitions and webhook deliveries.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin VideoArguments videos;

  @Option(
      names = "--transitions",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many recent transitions to show (default: ${DEFAULT-VALUE}).")
  int transitions;

  @Override
  public Integer call() {
    videos.validate();
    ArgumentChecks.atLeast(spec, "--transitions", 0, transitions);
    try (OperatorSession session = config.open("status")) {
      return videos.forEach(
          session.config(),
          key -> {
            Instant now = session.clock().instant();
            if (session.database().inTransaction(c -> print(c, key, now, System.out))) {
              session.config().cloudflare().accounts().stream()
                  .filter(a -> a.accountId().equals(key.accountId()))
                  .filter(a -> a.autoTrack().enabled())
                  .findFirst()
                  .ifPresent(
                      a ->
                          System.out.printf(
                              "  auto-track: account %s: %s%n",
                              a.accountId(),
                              DiscoveryReport.describe(
                                  a, DiscoveryReport.find(session.database(), a.accountId()))));
              return true;
            }
            System.err.println("not tracked: " + key);
            return false;
          });
    }
  }

  private boolean print(java.sql.Connection c, VideoKey key, Instant now, PrintStream out)
      throws java.sql.SQLException {
    Optional<TrackedVideo> found = new TrackedVideoRepository().find(c, key);
    if (found.isEmpty()) {
      return false;
    }
    TrackedVideo video = found.get();
    out.printf("Video %s%n", key);
    out.printf(
        "  tracking:   %s%n",
        video.isActive()
            ? "active, next poll at " + video.nextPollAt()
            : "ended " + video.endedAt() + " (" + video.endReason().dbValue() + ")");
    out.printf(
        "  polls:      %d (last %s, %d consecutive failure(s))%n",
        video.pollCount(),
        video.lastPolledAt() == null ? "never" : video.lastPolledAt(),
        video.consecutiveFailures());
    String source = new TrackedVideoRepository().source(c, key).orElse("manual");
    out.printf(
        "  source:     %s%n",
        source.equals("discovered")
            ? "discovered by auto-track"
            : "tracked by hand (track or SQL)");
    if (video.lastError() != null) {
      out.printf("  last error: %s%n", video.lastError());
    }
    if (video.isActive()) {
      new AccountPauseRepository()
          .current(c, key.accountId(), now)
          .ifPresent(pause -> out.printf("  account:    %s%n", describe(key, pause)));
    }
    Map<String, StoredDownload> downloads = new DownloadStateRepository().findByVideo(c, key);
    out.println("  downloads:" + (downloads.isEmpty() ? " none yet" : ""));
    downloads
        .values()
        .forEach(
            d ->
                out.printf(
                    "    %-10s %-11s %6s%%  %s%n",
                    d.snapshot().type(),
                    d.snapshot().status(),
                    percent(d.snapshot().percentComplete()),
                    d.snapshot().url() == null ? "" : d.snapshot().url()));
    List<Transition> recent = new TransitionRepository().recent(c, key, transitions);
    out.println("  recent transitions:" + (recent.isEmpty() ? " none" : ""));
    recent.forEach(
        t ->
            out.printf(
                "    %s  %-10s #%-3d %s -> %s (%s%%)%n",
                t.observedAt(),
                t.downloadType(),
                t.sequence(),
                t.before() == null ? "(first seen)" : t.before().status(),
                t.after().status(),
                percent(t.after().percentComplete())));
    List<DeliveryView> deliveries =
        new DeliveryQueries().list(c, new DeliveryQueries.Filter(key, null, null, 50));
    out.println("  webhook deliveries:" + (deliveries.isEmpty() ? " none" : ""));
    deliveries.forEach(
        d ->
            out.printf(
                "    #%d %s %s %-9s attempts=%d%s%s%n",
                d.id(),
                d.eventId(),
                d.eventType() + "/" + d.downloadType() + " to " + d.endpoint(),
                d.state(),
                d.attempts(),
                d.deliveredAt() != null
                    ? " delivered " + d.deliveredAt()
                    : d.nextAttemptAt() != null ? " next " + d.nextAttemptAt() : "",
                d.lastError() != null ? " last error: " + d.lastError() : ""));
    return true;
  }

  /** e.g. {@code paused until ... (rate limited: HTTP 429, Cloudflare error 971: ...)}. */
  static String describe(VideoKey key, AccountPauseRepository.Pause pause) {
    String why =
        switch (pause.reason()) {
          case "rate_limited" -> "rate limited by the API";
          case "credential_rejected" -> "the API rejected the credential; fix it and restart";
          default -> pause.reason();
        };
    return "account "
        + key.accountId()
        + " is paused until "
        + pause.until()
        + ", no requests for its videos until then: "
        + why
        + (pause.detail().isEmpty() ? "" : " (" + ApiFailures.why(pause.detail()) + ")");
  }

  private static String percent(Double value) {
    return value == null ? "?" : String.format("%.1f", value);
  }
}
