package dev.streampoller.cli;

import dev.streampoller.webhook.EndpointRepository;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deliveries enable NAME}: re-enable an endpoint disabled by a 410. */
@Command(
    name = "enable",
    mixinStandardHelpOptions = true,
    description =
        "Enable an endpoint that was disabled after a 410 Gone (then redeliver its"
            + " dead deliveries with `deliveries redeliver --endpoint NAME`).")
final class EnableCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "NAME", description = "Endpoint name.")
  String name;

  @Override
  public Integer call() {
    ArgumentChecks.endpointName(spec, "NAME", name);
    boolean enabled;
    try (OperatorSession session = config.open("deliveries")) {
      Instant now = session.clock().instant();
      enabled =
          session.database().inTransaction(c -> new EndpointRepository().enable(c, name, now));
    }
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
