package dev.streampoller.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.DataSources;
import dev.streampoller.db.Database;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryQueries;
import dev.streampoller.webhook.DeliveryView;
import dev.streampoller.webhook.EndpointRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deliveries}: the webhook outbox for operators: list, redeliver, re-enable endpoints. */
@Command(
    name = "deliveries",
    mixinStandardHelpOptions = true,
    description = "List webhook deliveries (newest first), filtered by video, endpoint or state.",
    subcommands = {DeliveriesCommand.Redeliver.class, DeliveriesCommand.Enable.class})
final class DeliveriesCommand implements Callable<Integer> {
  static final Set<String> STATES = Set.of("pending", "delivered", "dead", "failed");

  @ParentCommand Main main;
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
    AppConfig loaded = config.load();
    VideoKey key = videoKey(spec.commandLine(), loaded, account, video);
    String dbState = "failed".equals(state) ? "pending" : state;
    List<DeliveryView> rows =
        withDatabase(
            loaded,
            db ->
                db.inTransaction(
                    c ->
                        new DeliveryQueries()
                            .list(c, new DeliveryQueries.Filter(key, endpoint, dbState, limit))));
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

  static <T> T withDatabase(AppConfig config, Function<Database, T> work) {
    try (HikariDataSource dataSource = DataSources.create(config.database(), "deliveries")) {
      return work.apply(new Database(dataSource));
    }
  }

  /** {@code deliveries redeliver}: re-queue with the same event id. */
  @Command(
      name = "redeliver",
      mixinStandardHelpOptions = true,
      description =
          "Queue deliveries again, with their original event ids: by id (any state),"
              + " all dead ones of a video, or all dead ones of an endpoint. Deliveries of an"
              + " endpoint disabled by a 410 stay dead until `deliveries enable NAME`.")
  static final class Redeliver implements Callable<Integer> {
    @ParentCommand DeliveriesCommand parent;
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
      AppConfig loaded = config.load();
      VideoKey key = videoKey(spec.commandLine(), loaded, account, video);
      var now = parent.main.clock.instant();
      List<String> disabled = new ArrayList<>();
      int count =
          withDatabase(
              loaded,
              db ->
                  db.inTransaction(
                      c -> {
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
                        return disabled.contains(endpoint)
                            ? 0
                            : queries.redeliverDeadOfEndpoint(c, endpoint, now);
                      }));
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
  }

  /** {@code deliveries enable NAME}: re-enable an endpoint disabled by a 410. */
  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description =
          "Enable an endpoint that was disabled after a 410 Gone (then redeliver its"
              + " dead deliveries with `deliveries redeliver --endpoint NAME`).")
  static final class Enable implements Callable<Integer> {
    @ParentCommand DeliveriesCommand parent;
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "NAME", description = "Endpoint name.")
    String name;

    @Override
    public Integer call() {
      ArgumentChecks.endpointName(spec, "NAME", name);
      AppConfig loaded = config.load();
      boolean enabled =
          withDatabase(
              loaded,
              db ->
                  db.inTransaction(
                      c -> new EndpointRepository().enable(c, name, parent.main.clock.instant())));
      System.out.println(
          enabled
              ? "enabled "
                  + name
                  + "; `stream-poller deliveries redeliver --endpoint "
                  + name
                  + "` queues its dead deliveries again"
              : "not disabled: " + name);
      return enabled ? ExitCodes.OK : ExitCodes.DATA;
    }
  }
}
