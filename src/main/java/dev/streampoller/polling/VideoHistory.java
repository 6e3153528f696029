package dev.streampoller.polling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the poll policy may look at for one video after a successful poll.
 *
 * @param trackedAt when tracking (re)started
 * @param downloads every download the last answer listed, terminal ones included
 */
public record VideoHistory(Instant trackedAt, List<DownloadProgress> downloads) {
  public VideoHistory {
    Objects.requireNonNull(trackedAt, "trackedAt");
    downloads = List.copyOf(downloads);
  }
}
