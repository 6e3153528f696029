package dev.streampoller.simulator.bench;

import dev.streampoller.tracking.DownloadStatus;

/**
 * One generated download: when it arrives, how its progress moves, and when it ends ({@code ready}
 * at the end of its curve, or {@code error} earlier). Times are seconds since the replay's start;
 * the replay asks in nanoseconds, and the end is rounded up so that a poll at {@link
 * #endsAtNanos()} sees the end and no earlier one does.
 *
 * @param burst whether it arrived with the workload's burst (reported separately, for fairness)
 * @param endsAt when it becomes terminal: the moment a poll can first detect it
 */
record SyntheticDownload(
    int id,
    double arrivesAt,
    Shape shape,
    ProgressCurve curve,
    boolean error,
    double endsAt,
    boolean burst) {

  SyntheticDownload {
    if (!(endsAt > arrivesAt) || endsAt > arrivesAt + curve.duration() + 1e-6) {
      throw new IllegalArgumentException("download " + id + " must end within its curve");
    }
  }

  long arrivesAtNanos() {
    return (long) Math.ceil(arrivesAt * 1e9);
  }

  long endsAtNanos() {
    return (long) Math.ceil(endsAt * 1e9);
  }

  boolean isTerminalAt(long nanos) {
    return nanos >= endsAtNanos();
  }

  /** The status a poll at {@code nanos} sees. */
  String statusAt(long nanos) {
    if (!isTerminalAt(nanos)) {
      return DownloadStatus.IN_PROGRESS;
    }
    return error ? DownloadStatus.ERROR : DownloadStatus.READY;
  }

  /**
   * The percentage a poll at {@code nanos} sees, to one decimal as the API reports it; an errored
   * download keeps the percentage it failed at.
   */
  double percentAt(long nanos) {
    if (isTerminalAt(nanos)) {
      return error ? round(curve.percentAt(endsAt - arrivesAt)) : 100;
    }
    return round(curve.percentAt(nanos / 1e9 - arrivesAt));
  }

  private static double round(double percent) {
    return Math.max(0, Math.min(100, Math.round(percent * 10) / 10.0));
  }
}
