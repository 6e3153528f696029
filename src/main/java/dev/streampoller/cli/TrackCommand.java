package dev.streampoller.cli;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.Database;
import dev.streampoller.polling.BudgetReservation;
import dev.streampoller.polling.CreatedDownloads;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackResult;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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

  @Option(
      names = "--create",
      split = ",",
      paramLabel = "TYPE",
      description =
          "Ask Cloudflare to create these downloads first (default, audio), then track; the"
              + " answer is recorded as their first state. The video must be ready to stream.")
  List<String> create = new ArrayList<>();

  @Override
  public Integer call() {
    videos.validate();
    for (String type : create) {
      if (!CloudflareClient.CREATABLE_TYPES.contains(type)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--create: '"
                + type
                + "' is not a download type Cloudflare can create; use "
                + String.join(" or ", CloudflareClient.CREATABLE_TYPES)
                + "; nothing was sent or tracked");
      }
    }
    if (callbackUrl != null
        && !("http".equalsIgnoreCase(callbackUrl.getScheme())
            || "https".equalsIgnoreCase(callbackUrl.getScheme()))) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--callback-url must be an http(s) URL");
    }
    AppConfig loaded = config.load();
    if (callbackUrl != null && loaded.webhook().callbackSecret().isEmpty()) {
      throw new CliException(
          ExitCodes.CONFIG,
          "--callback-url needs webhook.callback-secret (or webhook.secret) in "
              + config.path()
              + " to sign the callbacks; nothing was tracked");
    }
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
    try (OperatorSession session = OperatorSession.open(loaded, main.clock, "track")) {
      Database database = session.database();
      Map<VideoKey, List<DownloadSnapshot>> created = new LinkedHashMap<>();
      if (!create.isEmpty()) {
        reserveBudget(database, loaded);
        Optional<ApiFailures.Failure> failure =
            new DownloadCreation(loaded, create, session.clock(), spec.commandLine().getErr())
                .create(videos.keys(loaded), key -> account(loaded, key), created);
        if (failure.isPresent()) {
          spec.commandLine().getErr().println("Nothing was tracked.");
          return failure.get().exitCode();
        }
      }
      CreatedDownloads recorder = new CreatedDownloads(Webhooks.routes(loaded.webhook()));
      for (VideoKey key : videos.keys(loaded)) {
        java.time.Instant now = session.clock().instant();
        TrackResult result =
            database.inTransaction(
                c -> {
                  TrackResult tracked = repository.track(c, key, now, callbackUrl);
                  if (created.containsKey(key)) {
                    recorder.record(c, key, created.get(key), now);
                  }
                  return tracked;
                });
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

  /**
   * Takes the creation requests from the shared budget of each credential, as the daemon's polls
   * do, and refuses while an account is paused or the budget has too few requests left.
   */
  private void reserveBudget(Database database, AppConfig loaded) {
    java.time.Instant now = main.clock.instant();
    java.util.Map<AccountConfig, Integer> needed = new java.util.LinkedHashMap<>();
    for (VideoKey key : videos.keys(loaded)) {
      needed.merge(account(loaded, key), create.size(), Integer::sum);
    }
    BudgetReservation reservation = new BudgetReservation();
    database.run(
        c -> {
          for (var entry : needed.entrySet()) {
            AccountConfig account = entry.getKey();
            BudgetReservation.Outcome outcome =
                reservation.reserve(
                    c,
                    StreamAccessCheck.request(
                        account, entry.getValue(), BudgetReservation.PauseRule.ANY),
                    now);
            @Nullable String refusal = null;
            if (outcome instanceof BudgetReservation.Outcome.Paused paused) {
              refusal =
                  "account "
                      + account.accountId()
                      + " is paused until "
                      + paused.pause().until()
                      + " (see cloudflare_account); try later";
            } else if (outcome instanceof BudgetReservation.Outcome.TooFew tooFew) {
              refusal =
                  "the request budget of account "
                      + account.accountId()
                      + " has "
                      + tooFew.available()
                      + " request(s) left now, "
                      + entry.getValue()
                      + " needed; try again in a minute or with fewer videos";
            }
            if (refusal != null) {
              throw new CliException(ExitCodes.UNAVAILABLE, refusal);
            }
          }
        });
  }

  private AccountConfig account(AppConfig loaded, VideoKey key) {
    return loaded.cloudflare().accounts().stream()
        .filter(a -> a.accountId().equals(key.accountId()))
        .findFirst()
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.CONFIG,
                    "no credential for account " + key.accountId() + " in " + config.path()));
  }
}
