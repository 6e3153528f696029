package dev.streampoller.tracking;

import java.util.Arrays;

/** Why a video stopped being tracked; stored verbatim in {@code tracked_video.end_reason}. */
public enum EndReason {
  /** Every download of the video is {@code ready} or {@code error}. */
  DONE("done"),
  /** The API answered 404 for the video. */
  VIDEO_GONE("video_gone"),
  /** Nothing finished within {@code poll.give-up-after}. */
  GAVE_UP("gave_up"),
  /** A user stopped tracking it. */
  UNTRACKED("untracked");

  private final String dbValue;

  EndReason(String dbValue) {
    this.dbValue = dbValue;
  }

  public String dbValue() {
    return dbValue;
  }

  public static EndReason fromDb(String value) {
    return Arrays.stream(values())
        .filter(reason -> reason.dbValue.equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown end reason " + value));
  }
}
