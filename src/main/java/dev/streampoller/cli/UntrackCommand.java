package dev.streampoller.cli;

import dev.streampoller.tracking.TrackedVideoRepository;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code untrack UID...}: stops polling; history and pending webhooks are kept. */
@Command(
    name = "untrack",
    mixinStandardHelpOptions = true,
    description =
        "Stop tracking videos. Their history is kept and pending webhooks are still sent.")
final class UntrackCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin VideoArguments videos;

  @Override
  public Integer call() {
    videos.validate();
    TrackedVideoRepository repository = new TrackedVideoRepository();
    try (OperatorSession session = config.open("untrack")) {
      return videos.forEach(
          session.config(),
          key -> {
            Instant now = session.clock().instant();
            if (session.database().inTransaction(c -> repository.untrack(c, key, now))) {
              System.out.println("stopped tracking " + key);
              return true;
            }
            System.err.println("not tracked: " + key);
            return false;
          });
    }
  }
}
