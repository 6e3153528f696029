package dev.streampoller.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.DataSources;
import dev.streampoller.db.Database;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code untrack UID...}: stops polling; history and pending webhooks are kept. */
@Command(
    name = "untrack",
    mixinStandardHelpOptions = true,
    description =
        "Stop tracking videos. Their history is kept and pending webhooks are still sent.")
final class UntrackCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin VideoArguments videos;

  @Override
  public Integer call() {
    videos.validate(spec.commandLine());
    AppConfig loaded = config.load();
    TrackedVideoRepository repository = new TrackedVideoRepository();
    int notTracked = 0;
    try (HikariDataSource dataSource = DataSources.create(loaded.database(), "untrack")) {
      Database database = new Database(dataSource);
      for (VideoKey key : videos.keys(loaded)) {
        if (database.inTransaction(c -> repository.untrack(c, key, main.clock.instant()))) {
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
