package dev.streampoller.cli;

import dev.streampoller.tracking.TrackingStats;
import dev.streampoller.webhook.DeliveryQueries;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stats}: the whole picture in a few lines. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Tracked videos by state, downloads finished, average time to ready, deliveries by state.")
final class StatsCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    record Both(TrackingStats.Summary tracking, Map<String, Long> deliveries) {}
    Both both;
    try (OperatorSession session = config.open("stats")) {
      both =
          session
              .database()
              .inTransaction(
                  c ->
                      new Both(
                          new TrackingStats().summary(c), new DeliveryQueries().countsByState(c)));
    }
    System.out.println("videos:     " + format(both.tracking().videosByState()));
    System.out.printf(
        "downloads:  %d ready, %d error; average first seen -> ready %s%n",
        both.tracking().downloadsReady(),
        both.tracking().downloadsFailed(),
        both.tracking().averageTimeToReady().map(Object::toString).orElse("n/a"));
    System.out.println("deliveries: " + format(both.deliveries()));
    return ExitCodes.OK;
  }

  private static String format(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder line = new StringBuilder();
    counts.forEach(
        (state, n) ->
            line.append(line.length() == 0 ? "" : ", ").append(n).append(' ').append(state));
    return line.toString();
  }
}
