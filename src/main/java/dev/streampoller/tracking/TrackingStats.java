package dev.streampoller.tracking;

import dev.streampoller.db.Sql;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts for {@code stats}, read from the public views ({@code video_status}, {@code
 * download_time_to_ready}), so they agree with what a user's own query of them shows. Runs in the
 * caller's transaction.
 */
public final class TrackingStats {

  /**
   * Tracked videos by state ({@code active} or the end reason), their downloads now ready or in
   * error, and the average time from first sight to the first {@code ready}.
   */
  public record Summary(
      Map<String, Long> videosByState,
      long downloadsReady,
      long downloadsFailed,
      Optional<Duration> averageTimeToReady) {}

  private static final Sql VIDEOS =
      Sql.of(
          "count tracked videos by state",
          """
          SELECT COALESCE(end_reason, tracking) AS state, count(*) AS n,
                 sum(ready_count) AS ready, sum(error_count) AS failed
            FROM video_status GROUP BY 1 ORDER BY 1
          """);

  private static final Sql TIME_TO_READY =
      Sql.of(
          "average time to ready",
          """
          SELECT extract(epoch FROM avg(time_to_finish)) AS avg_seconds
            FROM download_time_to_ready WHERE outcome = 'ready'
          """);

  private record StateCounts(String state, long videos, long ready, long failed) {}

  public Summary summary(Connection c) {
    List<StateCounts> states =
        VIDEOS
            .on(c)
            .list(
                row ->
                    new StateCounts(
                        row.requiredText("state"),
                        row.longValue("n"),
                        row.longValue("ready"),
                        row.longValue("failed")));
    Map<String, Long> byState = new LinkedHashMap<>();
    states.forEach(s -> byState.put(s.state(), s.videos()));
    Double seconds = TIME_TO_READY.on(c).single(row -> row.nullableDouble("avg_seconds"));
    return new Summary(
        byState,
        states.stream().mapToLong(StateCounts::ready).sum(),
        states.stream().mapToLong(StateCounts::failed).sum(),
        seconds == null
            ? Optional.empty()
            : Optional.of(Duration.ofMillis(Math.round(seconds * 1000))));
  }
}
