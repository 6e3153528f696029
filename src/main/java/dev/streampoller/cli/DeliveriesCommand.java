package dev.streampoller.cli;

import dev.streampoller.config.AppConfig;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryQueries;
import dev.streampoller.webhook.DeliveryView;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deliveries}: the webhook outbox for operators: list, redeliver, re-enable endpoints. */
@Command(
    name = "deliveries",
    mixinStandardHelpOptions = true,
    description = "List webhook deliveries (newest first), filtered by video, endpoint or state.",
    subcommands = {RedeliverCommand.class, EnableCommand.class})
final class DeliveriesCommand implements Callable<Integer> {
  static final Set<String> STATES = Set.of("pending", "delivered", "dead", "failed");

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(names = "--video", paramLabel = "UID", description = "Only this video's deliveries.")
  @Nullable String video;

  @Option(names = "--account", paramLabel = "ID", description = "Account of --video.")
  @Nullable String account;

  @Option(names = "--endpoint", paramLabel = "NAME", description = "Only this endpoint's.")
  @Nullable String endpoint;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "pending, delivered, dead, or failed (pending with failed attempts).")
  @Nullable String state;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many (default 50).")
  int limit;

  @Override
  public Integer call() {
    if (state != null && !STATES.contains(state)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--state must be one of " + STATES + ", was '" + state + "'");
    }
    ArgumentChecks.atLeast(spec, "--limit", 1, limit);
    ArgumentChecks.endpointName(spec, "--endpoint", endpoint);
    String dbState = "failed".equals(state) ? "pending" : state;
    List<DeliveryView> rows;
    try (OperatorSession session = config.open("deliveries")) {
      VideoKey key = videoKey(spec.commandLine(), session.config(), account, video);
      var filter = new DeliveryQueries.Filter(key, endpoint, dbState, limit);
      rows = session.database().inTransaction(c -> new DeliveryQueries().list(c, filter));
    }
    rows.stream()
        .filter(d -> !"failed".equals(state) || d.attempts() > 0)
        .forEach(
            d ->
                System.out.printf(
                    "#%d %s %-15s %-10s %s/%s %-9s attempts=%d%s%s%n",
                    d.id(),
                    d.eventId(),
                    d.eventType(),
                    d.endpoint(),
                    d.videoUid(),
                    d.downloadType(),
                    d.state(),
                    d.attempts(),
                    d.lastHttpStatus() == null ? "" : " last=HTTP " + d.lastHttpStatus(),
                    d.lastError() == null ? "" : " error: " + d.lastError()));
    return ExitCodes.OK;
  }

  static @Nullable VideoKey videoKey(
      CommandLine cli, AppConfig config, @Nullable String account, @Nullable String video) {
    if (video == null) {
      return null;
    }
    String accountId = account != null ? account : config.cloudflare().defaultAccount().accountId();
    if (!VideoKey.isValidId(video) || !VideoKey.isValidId(accountId)) {
      throw new CommandLine.ParameterException(
          cli,
          "video uid and account id must be 1 to 32 letters or digits, were '"
              + video
              + "' and '"
              + accountId
              + "'");
    }
    return new VideoKey(accountId, video);
  }
}
