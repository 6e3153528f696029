package dev.streampoller.cloudflare;

import dev.streampoller.tracking.DownloadStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One download of a video as the API reported it.
 *
 * @param type the key in {@code result}: {@code default}, {@code audio} or a type added later
 * @param status the status verbatim ({@link DownloadStatus}), {@code unknown} when absent
 * @param percentComplete progress in percent (0-100, may be fractional), null when absent
 * @param url where the file will be served, null when absent; works only once ready
 */
public record Download(
    String type, String status, @Nullable Double percentComplete, @Nullable String url) {

  public Download {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    if (percentComplete != null && !Double.isFinite(percentComplete)) {
      throw new IllegalArgumentException("percentComplete must be finite, was " + percentComplete);
    }
  }

  /** See {@link DownloadStatus#isTerminal(String)}. */
  public boolean isTerminal() {
    return DownloadStatus.isTerminal(status);
  }
}
