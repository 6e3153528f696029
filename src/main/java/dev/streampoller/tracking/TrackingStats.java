package dev.streampoller.tracking;

import dev.streampoller.db.Sql;
import java.sql.Connection;
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

  private static final Sql VIDEOS =
      Sql.of(
          "count tracked videos by state",
          """
          SELECT COALESCE(end_reason, 'active') AS state, count(*) AS n
            FROM tracked_video GROUP BY 1 ORDER BY 1
          """);

  private static final Sql DOWNLOADS =
      Sql.of(
          "count finished downloads",
          """
          SELECT count(*) FILTER (WHERE status = 'ready') AS ready,
                 count(*) FILTER (WHERE status = 'error') AS failed,
                 extract(epoch FROM avg(changed_at - first_seen_at)
                                    FILTER (WHERE status = 'ready')) AS avg_seconds
            FROM download_state
          """);

  public Summary summary(Connection c) {
    Map<String, Long> byState = new LinkedHashMap<>();
    VIDEOS
        .on(c)
        .list(row -> Map.entry(row.requiredText("state"), row.longValue("n")))
        .forEach(entry -> byState.put(entry.getKey(), entry.getValue()));
    return DOWNLOADS
        .on(c)
        .single(
            row -> {
              Double seconds = row.nullableDouble("avg_seconds");
              return new Summary(
                  byState,
                  row.longValue("ready"),
                  row.longValue("failed"),
                  seconds == null
                      ? Optional.empty()
                      : Optional.of(Duration.ofMillis(Math.round(seconds * 1000))));
            });
  }
}
