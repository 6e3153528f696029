package dev.streampoller.polling;

import dev.streampoller.tracking.DownloadStatus;
import java.util.List;
import java.util.Objects;

/**
 * What the poll policy knows of one download: its current status and its progress history.
 *
 * @param points observations in time order, oldest first: every recorded change of progress and,
 *     last, the current observation (which may repeat the previous percent). May be empty when the
 *     API reports no percentage.
 */
public record DownloadProgress(String type, String status, List<ProgressPoint> points) {
  public DownloadProgress {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    points = List.copyOf(points);
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).at().isBefore(points.get(i - 1).at())) {
        throw new IllegalArgumentException("points of " + type + " must be in time order");
      }
    }
  }

  public boolean isTerminal() {
    return DownloadStatus.isTerminal(status);
  }
}
