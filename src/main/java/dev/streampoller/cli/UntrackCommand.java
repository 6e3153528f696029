package dev.streampoller.cli;

import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code untrack UID...}: stops polling; history and pending webhooks are kept. */
@Command(
    name = "untrack",
    mixinStandardHelpOptions = true,
    description =
        "Stop tracking videos. Their history is kept and pending webhooks are still sent.")
final class UntrackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin VideoArguments videos;

  @Override
  public Integer call() {
    videos.validate(spec.commandLine());
    TrackedVideoRepository repository = new TrackedVideoRepository();
    int notTracked = 0;
    try (OperatorSession session = config.open("untrack")) {
      for (VideoKey key : videos.keys(session.config())) {
        Instant now = session.clock().instant();
        if (session.database().inTransaction(c -> repository.untrack(c, key, now))) {
          System.out.println("stopped tracking " + key);
        } else {
          System.err.println("not tracked: " + key);
          notTracked++;
        }
      }
    }
    return notTracked == 0 ? ExitCodes.OK : ExitCodes.DATA;
  }
}
