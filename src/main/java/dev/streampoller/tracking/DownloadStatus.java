package dev.streampoller.tracking;

/**
 * The download status values the API uses today. Statuses are kept as strings because Cloudflare
 * may add new ones; only {@code ready} and {@code error} are treated specially (terminal).
 */
public final class DownloadStatus {
  public static final String READY = "ready";
  public static final String ERROR = "error";
  public static final String IN_PROGRESS = "inprogress";

  /** Recorded when the API sends a download without any status. */
  public static final String UNKNOWN = "unknown";

  private DownloadStatus() {}

  /**
   * Whether the API gave this download a status at all: an entry without one ({@link #UNKNOWN}) is
   * kept for inspection but never holds a video open.
   */
  public static boolean hasStatus(String status) {
    return !UNKNOWN.equals(status);
  }

  /** Whether a download in this status will not change any more. */
  public static boolean isTerminal(String status) {
    return READY.equals(status) || ERROR.equals(status);
  }
}
