package dev.streampoller.cloudflare;

/**
 * The download statuses Cloudflare documents. A status is kept as a plain string because the API
 * may add values: anything else is data to record, not an error.
 */
public final class DownloadStatus {
  public static final String READY = "ready";
  public static final String IN_PROGRESS = "inprogress";
  public static final String ERROR = "error";

  /** Used when a download object carries no status at all. */
  public static final String UNKNOWN = "unknown";

  private DownloadStatus() {}

  /** True for {@code ready} and {@code error}: the download will not change any more. */
  public static boolean isTerminal(String status) {
    return READY.equalsIgnoreCase(status) || ERROR.equalsIgnoreCase(status);
  }
}
