package dev.streampoller.tracking;

/** What {@link TrackedVideoRepository#track} did. */
public enum TrackResult {
  /** The video was not known and is now tracked. */
  STARTED,
  /** The video had ended and is tracked again; its download history is kept. */
  RESTARTED,
  /** The video was already being tracked; nothing changed. */
  ALREADY_TRACKED
}
