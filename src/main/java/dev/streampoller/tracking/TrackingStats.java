package dev.streampoller.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Counts over the tracking tables, for {@code stats}. Runs in the caller's transaction. */
public final class TrackingStats {

  /** Tracked videos by state, and how long downloads took from first sight to ready. */
  public record Summary(
      Map<String, Long> videosByState,
      long downloadsReady,
      long downloadsFailed,
      Optional<Duration> averageTimeToReady) {}

  private static final String VIDEOS =
      """
      SELECT COALESCE(end_reason, 'active') AS state, count(*) AS n
        FROM tracked_video GROUP BY 1 ORDER BY 1
      """;

  private static final String DOWNLOADS =
      """
      SELECT count(*) FILTER (WHERE status = 'ready') AS ready,
             count(*) FILTER (WHERE status = 'error') AS failed,
             extract(epoch FROM avg(changed_at - first_seen_at)
                                FILTER (WHERE status = 'ready')) AS avg_seconds
        FROM download_state
      """;

  public Summary summary(Connection c) throws SQLException {
    Map<String, Long> byState = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(VIDEOS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byState.put(rs.getString("state"), rs.getLong("n"));
      }
    }
    try (PreparedStatement ps = c.prepareStatement(DOWNLOADS);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      double seconds = rs.getDouble("avg_seconds");
      Optional<Duration> average =
          rs.wasNull()
              ? Optional.empty()
              : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
      return new Summary(byState, rs.getLong("ready"), rs.getLong("failed"), average);
    }
  }
}
