package dev.streampoller.cli;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.Download;
import dev.streampoller.cloudflare.ListDownloadsResult;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.VideoKey;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code track --create}'s API half: asks Cloudflare to create each download type of each video,
 * prints what happened, and keeps what the answers say of the created downloads so that the caller
 * records it as their first state.
 */
final class DownloadCreation {
  private final AppConfig config;
  private final List<String> types;
  private final Clock clock;
  private final PrintWriter err;

  /** {@code err} receives one sentence per failed creation. */
  DownloadCreation(AppConfig config, List<String> types, Clock clock, PrintWriter err) {
    this.config = config;
    this.types = List.copyOf(types);
    this.clock = clock;
    this.err = err;
  }

  /**
   * Creates the requested downloads and collects what the answers say of them into {@code created};
   * the first failure (each is printed) when any creation failed, and then nothing is tracked.
   */
  Optional<ApiFailures.Failure> create(
      List<VideoKey> keys,
      Function<VideoKey, AccountConfig> accounts,
      Map<VideoKey, List<DownloadSnapshot>> created) {
    Optional<ApiFailures.Failure> first = Optional.empty();
    for (VideoKey key : keys) {
      try (CloudflareClient client = ApiClients.forAccount(config, accounts.apply(key), clock)) {
        for (String type : types) {
          ListDownloadsResult result = client.createDownload(key.accountId(), key.videoUid(), type);
          Optional<ApiFailures.Failure> failure =
              result instanceof ListDownloadsResult.Downloads downloads
                  ? collect(key, type, downloads, created)
                  : Optional.of(
                      ApiFailures.ofCreate(result, key.accountId(), key.videoUid(), type));
          failure.ifPresent(f -> err.println(f.sentence()));
          if (first.isEmpty()) {
            first = failure;
          }
        }
      }
    }
    return first;
  }

  /** Keeps the created downloads of one answer; a failure when the answer holds an invalid one. */
  private static Optional<ApiFailures.Failure> collect(
      VideoKey key,
      String type,
      ListDownloadsResult.Downloads answer,
      Map<VideoKey, List<DownloadSnapshot>> created) {
    List<DownloadSnapshot> snapshots = created.computeIfAbsent(key, k -> new ArrayList<>());
    try {
      for (Download d : answer.downloads()) {
        snapshots.removeIf(s -> s.type().equals(d.type()));
        snapshots.add(new DownloadSnapshot(d.type(), d.status(), d.percentComplete(), d.url()));
      }
    } catch (IllegalArgumentException invalid) {
      return Optional.of(
          new ApiFailures.Failure(
              ExitCodes.UNAVAILABLE,
              "Created the "
                  + type
                  + " download of video "
                  + key.videoUid()
                  + " in account "
                  + key.accountId()
                  + ", but the API's answer is invalid: "
                  + invalid.getMessage()
                  + "."));
    }
    Optional<Download> own = answer.ofType(type);
    System.out.println(
        "created "
            + type
            + " download of "
            + key
            + own.map(d -> " (" + d.status() + ")").orElse(""));
    return Optional.empty();
  }
}
