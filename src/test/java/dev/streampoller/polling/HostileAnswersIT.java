package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.WebhookRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answers that trickle forever or are far too large: each poll fails within its deadline and frees
 * its thread, every other video is still polled, no request for a video outlives its claim, and a
 * stop does not wait on them.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileAnswersIT {
  private static final String TOKEN = "hostile-token";
  private static final String ACCOUNT = "acc1";
  private static final Duration MIN = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(8);
  private static final Duration TRICKLE_INTERVAL = Duration.ofMillis(50);

  private final Database database = new Database(PostgresExtension.dataSource());
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final StreamSimulator simulator =
      StreamSimulator.start(
          SimulatorOptions.builder().apiToken(TOKEN).account(ACCOUNT).threads(32).build());
  private final List<AutoCloseable> resources = new ArrayList<>();
  private ScheduledExecutorService workers;

  @AfterEach
  void close() throws Exception {
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
    for (AutoCloseable resource : resources) {
      resource.close();
    }
    simulator.close();
  }

  private CloudflareClient client(Duration connectTimeout, Duration responseTimeout) {
    CloudflareClient client =
        new CloudflareClient(
            simulator.baseUrl(),
            new CloudflareCredential.ApiToken(Secret.of(TOKEN)),
            connectTimeout,
            responseTimeout,
            "test",
            Clock.systemUTC());
    resources.add(client);
    return client;
  }

  private PollCycle cycle(
      String owner, CloudflareClient client, Duration lease, Clock clock, int batchSize) {
    return new PollCycle(
        database,
        // A budget far above what the test spends: only the hostile answers can slow polling.
        List.of(new PolledAccount(ACCOUNT, client, "token:hostile", 100_000)),
        WebhookRoutes.none(),
        clock,
        new PollCycle.Settings(
            owner,
            new PollPolicy(MIN, MAX, Duration.ofHours(1)),
            batchSize,
            lease,
            Duration.ofSeconds(1),
            1),
        () -> {},
        new SimpleMeterRegistry());
  }

  private VideoKey track(String uid, Clock clock) {
    simulator.addVideo(
        ACCOUNT, uid, List.of(ScriptedDownload.ready("default", Duration.ofMinutes(10))));
    VideoKey key = new VideoKey(ACCOUNT, uid);
    Instant now = clock.instant();
    database.inTransaction(c -> videos.track(c, key, now));
    return key;
  }

  private VideoKey trackTrickling(String uid, Clock clock) {
    simulator.enqueueFault(Fault.trickle(TRICKLE_INTERVAL).forVideo(uid).times(10_000));
    return track(uid, clock);
  }

  private TrackedVideo video(VideoKey key) {
    return database.inTransaction(c -> videos.find(c, key)).orElseThrow();
  }

  private long count(String sql) {
    return database.inTransaction(
        c -> {
          try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private RequestLog.Entry onlyRequestFor(String uid) {
    List<RequestLog.Entry> entries =
        simulator.requestLog().entries().stream().filter(e -> uid.equals(e.uid())).toList();
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  /** Like Quartz's poll threads: each runs rounds back to back, a short pause between them. */
  private void runWorkers(PollCycle... cycles) {
    workers = Executors.newScheduledThreadPool(cycles.length);
    for (PollCycle cycle : cycles) {
      workers.scheduleWithFixedDelay(cycle::runOnce, 0, 100, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void shouldRecordATrickleAsAFailedPollWithinTheDeadlineAndRetryWithBackoff() {
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    VideoKey key = trackTrickling("trickle1", clock);
    PollCycle cycle =
        cycle(
            "w",
            client(Duration.ofSeconds(1), Duration.ofSeconds(1)),
            Duration.ofMinutes(1),
            clock,
            10);

    assertThat(cycle.runOnce()).as("the round returns: its thread is free").isEqualTo(1);

    TrackedVideo after = video(key);
    assertThat(after.lastError()).isEqualTo("no complete answer within PT2S");
    assertThat(after.consecutiveFailures()).isEqualTo(1);
    assertThat(after.nextPollAt()).isEqualTo(after.lastPolledAt().plus(MIN));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(onlyRequestFor("trickle1").endedAt()).isNotNull());
  }

  @Test
  void shouldRecordAnOversizedAnswerAsTooLargeWithoutBufferingIt() {
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    VideoKey key = track("huge1", clock);
    simulator.enqueueFault(Fault.oversizedBody(50).forVideo("huge1"));
    PollCycle cycle =
        cycle(
            "w",
            client(Duration.ofSeconds(2), Duration.ofSeconds(10)),
            Duration.ofMinutes(1),
            clock,
            10);

    cycle.runOnce();

    TrackedVideo after = video(key);
    assertThat(after.lastError()).isEqualTo("HTTP 200: answer too large (more than 1048576 bytes)");
    assertThat(after.consecutiveFailures()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(onlyRequestFor("huge1").endedAt()).isNotNull());
    assertThat(onlyRequestFor("huge1").bodyBytes()).as("not drained").isLessThan(20L << 20);
  }

  @Test
  void shouldNeverHaveTwoRequestsForOneVideoOpenAtOnceEvenIfTheClientWouldWaitPastTheLease() {
    Clock clock = Clock.systemUTC();
    trackTrickling("trickle1", clock);
    Duration lease = Duration.ofSeconds(3);
    // The client alone would wait 31 s, ten times the lease: only the claim's limit cuts it.
    CloudflareClient slow = client(Duration.ofSeconds(1), Duration.ofSeconds(30));
    runWorkers(cycle("a", slow, lease, clock, 10), cycle("b", slow, lease, clock, 10));

    await().atMost(Duration.ofSeconds(90)).until(() -> simulator.requestsForVideo("trickle1") >= 3);
    workers.shutdownNow();

    assertThat(simulator.requestLog().overlaps()).isEmpty();
    assertThat(video(new VideoKey(ACCOUNT, "trickle1")).lastError())
        .startsWith("no complete answer within PT2.");
  }

  /**
   * A late answer (the normal one, long after the client's patience) for every poll of one video:
   * each request's client gives up and closes its connection, the video is polled again while the
   * simulator still holds the old answer back, and that is no overlap: the simulator finds the
   * first client gone (RequestLog.Ending.CLIENT_GONE) before it logs the next request. A daemon
   * that sent the next request while still waiting for the first would show an overlap.
   */
  private void assertLateAnswersNeverOverlap(
      Duration responseTimeout, Duration lease, Duration late) {
    Clock clock = Clock.systemUTC();
    simulator.enqueueFault(Fault.latency(late).forVideo("late1").times(10_000));
    track("late1", clock);
    CloudflareClient client = client(Duration.ofSeconds(1), responseTimeout);
    runWorkers(cycle("a", client, lease, clock, 10), cycle("b", client, lease, clock, 10));

    await().atMost(Duration.ofSeconds(90)).until(() -> simulator.requestsForVideo("late1") >= 4);
    workers.shutdownNow();

    assertThat(simulator.requestLog().overlaps()).isEmpty();
    List<RequestLog.Entry> polls =
        simulator.requestLog().entries().stream().filter(e -> "late1".equals(e.uid())).toList();
    assertThat(polls.subList(0, 3))
        .as("each client left before its late answer")
        .allSatisfy(e -> assertThat(e.ending()).isEqualTo(RequestLog.Ending.CLIENT_GONE));
  }

  @Test
  void shouldNeverOverlapARetryWithALateAnswerItsClientTimedOutOn() {
    // As in the API-fault scenario: answers 5 s late against a shorter response timeout; the
    // retry comes 1 s after each timeout, long before the simulator would write the late answer.
    assertLateAnswersNeverOverlap(
        Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(5));
  }

  @Test
  void shouldNeverOverlapARetryWithALateAnswerCutByItsClaim() {
    // The client alone would wait 30 s for the 20 s late answer: only the claim's limit cuts it.
    assertLateAnswersNeverOverlap(
        Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(20));
  }

  @Test
  void shouldGiveBackTheRestOfTheBatchOnceTheRoundRanPastHalfItsLease() {
    Clock clock = Clock.systemUTC();
    List<String> uids = List.of("trickle1", "trickle2", "ordinary1", "ordinary2", "ordinary3");
    for (String uid : uids) {
      if (uid.startsWith("trickle")) {
        trackTrickling(uid, clock);
      } else {
        track(uid, clock);
      }
    }
    // Deadline 3 s, more than half of the 4 s lease: after one trickle the round is past half.
    PollCycle cycle =
        cycle(
            "w",
            client(Duration.ofSeconds(1), Duration.ofSeconds(2)),
            Duration.ofSeconds(4),
            clock,
            10);

    assertThat(cycle.runOnce()).isEqualTo(5);

    // A round polls its batch in whatever order the claim returned it; it stops at the first
    // trickle, so the second one at least was given back unpolled.
    List<String> unpolled =
        uids.stream().filter(uid -> simulator.requestsForVideo(uid) == 0).toList();
    assertThat(simulator.requestsForVideo("trickle1") + simulator.requestsForVideo("trickle2"))
        .isEqualTo(1);
    assertThat(unpolled).isNotEmpty();
    assertThat(count("SELECT count(*) FROM tracked_video WHERE claimed_by IS NOT NULL"))
        .as("all given back")
        .isZero();
    for (String uid : unpolled) {
      TrackedVideo video = video(new VideoKey(ACCOUNT, uid));
      assertThat(video.pollCount()).isZero();
      assertThat(video.nextPollAt()).as("due at once").isBeforeOrEqualTo(clock.instant());
    }
  }

  @Test
  void shouldKeepPollingEveryOrdinaryVideoNextToTricklingOnes() {
    Clock clock = Clock.systemUTC();
    for (int i = 0; i < 5; i++) {
      trackTrickling("trickle" + i, clock);
    }
    List<String> ordinary = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ordinary.add("ordinary" + i);
      track("ordinary" + i, clock);
    }
    // One instance with three poll threads, a short lease and a 3 s request deadline.
    PollCycle cycle =
        cycle(
            "w",
            client(Duration.ofSeconds(1), Duration.ofSeconds(2)),
            Duration.ofSeconds(6),
            clock,
            10);
    runWorkers(cycle, cycle, cycle);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(ordinary)
                    .allSatisfy(uid -> assertThat(simulator.requestsForVideo(uid)).isPositive()));
    List<Integer> polledOnce = ordinary.stream().map(simulator::requestsForVideo).toList();
    // And they keep being polled: each again within its longest interval, with room for load.
    await()
        .atMost(MAX.plusSeconds(30))
        .untilAsserted(
            () -> {
              for (int i = 0; i < ordinary.size(); i++) {
                assertThat(simulator.requestsForVideo(ordinary.get(i)))
                    .as(ordinary.get(i))
                    .isGreaterThan(polledOnce.get(i));
              }
            });
    workers.shutdownNow();

    assertThat(simulator.requestLog().overlaps()).isEmpty();
    assertThat(video(new VideoKey(ACCOUNT, "trickle0")).lastError())
        .isEqualTo("no complete answer within PT3S");
  }

  @Test
  void shouldAbortATrickleInFlightOnStopAndGiveTheVideoBack() throws Exception {
    Clock clock = Clock.systemUTC();
    VideoKey key = trackTrickling("trickle1", clock);
    // Neither the 5-minute deadline nor the 10-minute lease would end this request in time.
    PollCycle cycle =
        cycle(
            "w",
            client(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            Duration.ofMinutes(10),
            clock,
            10);
    CompletableFuture<Integer> round = CompletableFuture.supplyAsync(cycle::runOnce);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                simulator.requestsForVideo("trickle1") == 1
                    && onlyRequestFor("trickle1").bodyBytes() == 0
                    && onlyRequestFor("trickle1").endedAt() == null);

    cycle.stop();

    assertThat(round.get(60, TimeUnit.SECONDS)).isEqualTo(1);
    TrackedVideo after = video(key);
    assertThat(after.consecutiveFailures()).as("not the API's fault").isZero();
    assertThat(after.lastError()).isNull();
    assertThat(after.nextPollAt()).isBeforeOrEqualTo(clock.instant());
    assertThat(count("SELECT count(*) FROM tracked_video WHERE claimed_by IS NOT NULL")).isZero();
  }
}
