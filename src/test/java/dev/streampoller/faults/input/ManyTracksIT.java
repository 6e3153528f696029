package dev.streampoller.faults.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.faults.FaultSettings;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.PostgresExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many tracks at once while the real daemon runs (a child JVM with {@code -Xmx256m}) against the
 * simulator: one {@code INSERT ... SELECT} of N rows, then a {@code track} command with many uids.
 * The daemon must stay up and healthy, log no ERROR, keep to the request budget while polling at
 * its rate, and stop with exit 0 on SIGTERM; the claim query is measured with {@code EXPLAIN
 * ANALYZE} at N rows. The normal build runs N = 10,000 (and 1,000 uids given to {@code track}); the
 * full fault suite ({@code -Pfaults}) 100,000 (and 5,000).
 *
 * <p>The simulator knows none of the bulk videos, so each poll ends one with {@code video_gone}: no
 * webhooks, and every request is a poll. Figures are printed as {@code many-tracks:} lines.
 */
@ExtendWith(PostgresExtension.class)
class ManyTracksIT {
  /** The most the configuration allows: capacity 30 and 3.9 tokens a second. */
  private static final int BUDGET = 1200;

  private static final double CAPACITY = 30;
  private static final double REFILL_PER_SECOND = (BUDGET - CAPACITY) / 300.0;

  /**
   * The due videos' part of TrackedVideoRepository.CLAIM_DUE (its ranking by expected detection
   * delay over every due row), with poll.batch-size 25.
   */
  private static final String EXPLAIN_CLAIM =
      """
      EXPLAIN (ANALYZE, BUFFERS)
      UPDATE tracked_video v SET claimed_by = 'explain', claimed_until = now() + interval '2 minutes'
       WHERE (v.account_id, v.video_uid) IN (
             SELECT t.account_id, t.video_uid FROM tracked_video t
              WHERE t.ended_at IS NULL
                AND t.next_poll_at <= now()
                AND (t.claimed_until IS NULL OR t.claimed_until < now())
                AND t.account_id = ANY (ARRAY['acc1', 'acc2'])
                AND NOT EXISTS (SELECT 1 FROM cloudflare_account a
                                 WHERE a.account_id = t.account_id AND a.paused_until > now())
              ORDER BY -expected_detection_delay(
                          t.model_predicted_at, t.model_spread_s, t.model_age_s,
                          GREATEST(t.last_polled_at, t.created_at), now()) NULLS LAST,
                        GREATEST(t.last_polled_at, t.created_at)
              LIMIT 25
                FOR UPDATE SKIP LOCKED)
      RETURNING v.account_id, v.video_uid
      """;

  @TempDir Path dir;

  @Test
  void shouldKeepPollingAtTheBudgetWhenManyVideosAreTrackedAtOnce(DataSource db) throws Exception {
    run(
        db,
        FaultSettings.pick(10_000, 100_000),
        FaultSettings.pick(1_000, 5_000),
        Duration.ofSeconds(FaultSettings.pick(20, 45)));
  }

  private void run(DataSource db, int rows, int trackedByCommand, Duration window)
      throws Exception {
    CliProcess cli = new CliProcess(dir.resolve("out")).jvmOption("-Xmx256m");
    int opsPort = freePort();
    try (StreamSimulator simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .apiToken(FaultSecrets.API_TOKEN)
                .apiKey("ops@example.com", FaultSecrets.EU_API_KEY)
                .account("acc1")
                .account("acc2")
                .build())) {
      Path config = dir.resolve("stream-poller.properties");
      List<String> lines =
          new ArrayList<>(
              FaultSecrets.validConfig(
                  PostgresExtension.jdbcUrl(), simulator.baseUrl().toString()));
      lines.removeIf(l -> l.startsWith("ops.listen-address="));
      lines.add("ops.listen-address=127.0.0.1:" + opsPort);
      lines.add("cloudflare.rate-limit.requests-per-5-minutes=" + BUDGET);
      lines.add("cloudflare.accounts.eu.rate-limit.requests-per-5-minutes=" + BUDGET);
      Files.write(config, lines);

      CliProcess.Started daemon = cli.start("daemon", "run", "--config", config.toString());
      boolean stopped = false;
      try {
        await("health 200")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> health(opsPort) == 200);

        long insertStart = System.nanoTime();
        int inserted = insert(db, rows);
        double insertSeconds = (System.nanoTime() - insertStart) / 1e9;
        assertThat(inserted).isEqualTo(rows);
        // Right after the insert the planner still thinks the table is small; autovacuum's
        // ANALYZE follows soon. Both plans are measured.
        double claimMs = explainClaim(db, cli);
        execute(db, "ANALYZE tracked_video");
        double analyzedClaimMs = explainClaim(db, cli);

        Instant windowStart = Instant.now();
        int pollsBefore = polls(simulator.requestLog(), Instant.EPOCH, windowStart);
        String[] trackArgs = new String[trackedByCommand + 3];
        trackArgs[0] = "track";
        trackArgs[1] = "--config";
        trackArgs[2] = config.toString();
        for (int i = 0; i < trackedByCommand; i++) {
          trackArgs[i + 3] = "cmd" + i;
        }
        long trackStart = System.nanoTime();
        CliProcess.Result track = cli.run("track-" + trackedByCommand, trackArgs);
        double trackSeconds = (System.nanoTime() - trackStart) / 1e9;
        assertThat(track.exitCode()).as(track.output()).isZero();
        assertThat(track.out().lines().filter(l -> l.startsWith("tracking acc1/cmd")))
            .hasSize(trackedByCommand);

        // Watch the daemon for the window: alive at every look, healthy at nearly every one (the
        // health check has its own 1.5 s bound, which a loaded machine may miss once).
        AtomicLong heapMax = new AtomicLong();
        AtomicInteger looks = new AtomicInteger();
        AtomicInteger healthy = new AtomicInteger();
        Instant end = windowStart.plus(window);
        await("the end of the window")
            .atMost(window.plusSeconds(60))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () -> {
                  assertThat(daemon.process().isAlive()).as(daemon.err()).isTrue();
                  looks.incrementAndGet();
                  healthy.addAndGet(health(opsPort) == 200 ? 1 : 0);
                  heapMax.accumulateAndGet(heapUsed(opsPort), Math::max);
                  return Instant.now().isAfter(end);
                });
        assertThat(healthy.get())
            .as("/health 200 at %d of %d looks", healthy.get(), looks.get())
            .isGreaterThanOrEqualTo(looks.get() * 3 / 4);
        Instant windowEnd = Instant.now();
        double seconds = Duration.between(windowStart, windowEnd).toMillis() / 1000.0;
        int polls = polls(simulator.requestLog(), windowStart, windowEnd);
        int worstFiveMinutes = simulator.maxRequestsInAnyWindow(Duration.ofMinutes(5));
        long gone = count(db, "SELECT count(*) FROM tracked_video WHERE end_reason = 'video_gone'");

        report(
            cli,
            "many-tracks: rows=%d insert=%.2fs claim(EXPLAIN ANALYZE)=%.1fms (%.1fms analyzed)"
                + " track(%d uids)=%.1fs"
                + " window=%.0fs polls=%d (%.2f/s, budget %.2f/s + burst %.0f; %d before the"
                + " window) worst5min=%d heapMax=%dMiB videoGone=%d healthy=%d/%d%n",
            rows,
            insertSeconds,
            claimMs,
            analyzedClaimMs,
            trackedByCommand,
            trackSeconds,
            seconds,
            polls,
            polls / seconds,
            REFILL_PER_SECOND,
            CAPACITY,
            pollsBefore,
            worstFiveMinutes,
            heapMax.get() >> 20,
            gone,
            healthy.get(),
            looks.get());

        // Never more than the bucket allows (one token of slack for the instant it is read) ...
        assertThat(polls + pollsBefore)
            .isLessThanOrEqualTo(
                (int)
                    Math.ceil(
                        CAPACITY
                            + REFILL_PER_SECOND
                                * Duration.between(simulator.requestTimes().get(0), windowEnd)
                                    .toMillis()
                                / 1000.0
                            + 1));
        // ... and at least half its rate: thousands of due videos do not slow the polling down.
        assertThat(polls).isGreaterThanOrEqualTo((int) (REFILL_PER_SECOND * seconds / 2));
        assertThat(claimMs).as("claim at %d rows, ms", rows).isLessThan(2_000);
        assertThat(analyzedClaimMs).as("claim at %d analyzed rows, ms", rows).isLessThan(2_000);
        assertThat(daemon.err())
            .contains(" INFO ")
            .doesNotContain(" ERROR ")
            .doesNotContain("OutOfMemoryError");
        assertThat(CliProcess.read(daemon.stdoutFile())).doesNotContain(" ERROR ");

        assertThat(daemon.stop(Duration.ofSeconds(60))).as(daemon.err()).isZero();
        stopped = true;
      } finally {
        if (!stopped) {
          daemon.process().destroyForcibly();
        }
      }
    }
    assertThat(FaultSecrets.scanner().assertClean(List.of(dir.resolve("out")))).isPositive();
  }

  /**
   * Prints a figure and keeps it beside the processes' output, so that the secret scan reads the
   * test's own output too.
   */
  private static void report(CliProcess cli, String format, Object... args) throws IOException {
    String line = String.format(format, args);
    System.out.print(line);
    Files.writeString(
        cli.outputDir().resolve("test-report.txt"),
        line,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static int insert(DataSource db, int rows) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      return s.executeUpdate(
          "INSERT INTO tracked_video (account_id, video_uid)"
              + " SELECT 'acc1', 'bulk' || g FROM generate_series(1, "
              + rows
              + ") g");
    }
  }

  private static void execute(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Execution time of the claim query, rolled back. */
  private static double explainClaim(DataSource db, CliProcess cli)
      throws SQLException, IOException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(EXPLAIN_CLAIM)) {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
        Matcher m = Pattern.compile("Execution Time: ([0-9.]+) ms").matcher(plan);
        assertThat(m.find()).as(plan.toString()).isTrue();
        report(cli, "many-tracks: claim plan%n%s", plan);
        return Double.parseDouble(m.group(1));
      } finally {
        c.rollback();
      }
    }
  }

  private static int polls(RequestLog log, Instant from, Instant to) {
    return (int)
        log.entries().stream()
            .filter(e -> e.method().equals("GET") && e.path().endsWith("/downloads"))
            .filter(e -> !e.at().isBefore(from) && e.at().isBefore(to))
            .count();
  }

  private static long count(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static int health(int port) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Heap in use as /metrics reports it (sum of the heap pools), 0 if unavailable. */
  private static long heapUsed(int port) {
    try {
      String metrics =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return (long)
          metrics
              .lines()
              .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
