package dev.streampoller.cli;

import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryQueries;
import dev.streampoller.webhook.EndpointRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deliveries redeliver}: re-queue with the same event id. */
@Command(
    name = "redeliver",
    mixinStandardHelpOptions = true,
    description =
        "Queue deliveries again, with their original event ids: by id (any state),"
            + " all dead ones of a video, or all dead ones of an endpoint. Deliveries of an"
            + " endpoint disabled by a 410 stay dead until `deliveries enable NAME`.")
final class RedeliverCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "ID", arity = "0..*", description = "Delivery ids.")
  List<Long> ids = new ArrayList<>();

  @Option(names = "--video", paramLabel = "UID")
  @Nullable String video;

  @Option(names = "--account", paramLabel = "ID")
  @Nullable String account;

  @Option(names = "--endpoint", paramLabel = "NAME")
  @Nullable String endpoint;

  @Override
  public Integer call() {
    int ways = (ids.isEmpty() ? 0 : 1) + (video == null ? 0 : 1) + (endpoint == null ? 0 : 1);
    if (ways != 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give exactly one of: delivery ids, --video UID, --endpoint NAME");
    }
    for (long id : ids) {
      ArgumentChecks.atLeast(spec, "delivery id", 1, id);
    }
    ArgumentChecks.endpointName(spec, "--endpoint", endpoint);
    List<String> disabled = new ArrayList<>();
    int count;
    try (OperatorSession session = config.open("deliveries")) {
      VideoKey key =
          DeliveriesCommand.videoKey(spec.commandLine(), session.config(), account, video);
      var now = session.clock().instant();
      count = session.database().inTransaction(c -> redeliver(c, key, now, disabled));
    }
    if (endpoint != null && disabled.contains(endpoint)) {
      throw new CliException(
          ExitCodes.DATA,
          "Endpoint "
              + endpoint
              + " is disabled (it answered 410 Gone): its deliveries stay dead. Run"
              + " `stream-poller deliveries enable "
              + endpoint
              + "` first (or change its URL), then redeliver.");
    }
    System.out.printf("%d deliver%s queued again%n", count, count == 1 ? "y" : "ies");
    if (endpoint == null && !disabled.isEmpty()) {
      System.out.printf(
          "Deliveries of disabled endpoint(s) %s stay dead: `stream-poller deliveries enable"
              + " NAME` first.%n",
          String.join(", ", disabled));
    }
    return count == 0 ? ExitCodes.DATA : ExitCodes.OK;
  }

  /** Queues the chosen deliveries again; collects the disabled endpoints into {@code disabled}. */
  private int redeliver(Connection c, @Nullable VideoKey key, Instant now, List<String> disabled)
      throws SQLException {
    new EndpointRepository()
        .list(c).stream()
            .filter(EndpointRepository.EndpointState::isDisabled)
            .forEach(e -> disabled.add(e.name()));
    DeliveryQueries queries = new DeliveryQueries();
    if (!ids.isEmpty()) {
      return queries.redeliverIds(c, ids, now);
    }
    if (key != null) {
      return queries.redeliverDeadOfVideo(c, key, now);
    }
    return disabled.contains(endpoint) ? 0 : queries.redeliverDeadOfEndpoint(c, endpoint, now);
  }
}
