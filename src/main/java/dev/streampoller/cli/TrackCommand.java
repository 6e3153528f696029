package dev.streampoller.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.DataSources;
import dev.streampoller.db.Database;
import dev.streampoller.tracking.TrackResult;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code track UID...}: starts tracking; a running daemon polls each within a second. */
@Command(
    name = "track",
    mixinStandardHelpOptions = true,
    description = "Start tracking videos' downloads (a running daemon polls them within a second).")
final class TrackCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin VideoArguments videos;

  @Option(
      names = "--callback-url",
      paramLabel = "URL",
      description =
          "Also deliver these videos' webhooks to this http(s) URL (signed with"
              + " webhook.callback-secret, else the default endpoint's secret).")
  java.net.URI callbackUrl;

  @Override
  public Integer call() {
    videos.validate(spec.commandLine());
    if (callbackUrl != null
        && !("http".equalsIgnoreCase(callbackUrl.getScheme())
            || "https".equalsIgnoreCase(callbackUrl.getScheme()))) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--callback-url must be an http(s) URL");
    }
    AppConfig loaded = config.load();
    boolean polledHere =
        videos.account == null
            || loaded.cloudflare().accounts().stream()
                .anyMatch(account -> account.accountId().equals(videos.account));
    if (!polledHere) {
      System.err.printf(
          "warning: %s does not poll account %s; its videos are tracked but only an instance"
              + " configured for that account polls them%n",
          config.path(), videos.account);
    }
    TrackedVideoRepository repository = new TrackedVideoRepository();
    try (HikariDataSource dataSource = DataSources.create(loaded.database(), "track")) {
      Database database = new Database(dataSource);
      for (VideoKey key : videos.keys(loaded)) {
        TrackResult result =
            database.inTransaction(
                c -> repository.track(c, key, main.clock.instant(), callbackUrl));
        System.out.println(
            switch (result) {
              case STARTED -> "tracking " + key;
              case RESTARTED -> "tracking " + key + " again (history kept)";
              case ALREADY_TRACKED -> "already tracking " + key;
            });
      }
    }
    return ExitCodes.OK;
  }
}
