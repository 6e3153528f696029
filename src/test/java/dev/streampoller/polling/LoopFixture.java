package dev.streampoller.polling;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.RetrySchedule;
import dev.streampoller.webhook.SenderLimits;
import dev.streampoller.webhook.WebhookDispatcher;
import dev.streampoller.webhook.WebhookEndpoint;
import dev.streampoller.webhook.WebhookEvents;
import dev.streampoller.webhook.WebhookRoutes;
import dev.streampoller.webhook.WebhookSender;
import dev.streampoller.webhook.WebhookSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one poll-loop test needs, on loopback and the test database, sharing one settable
 * clock: the simulator, a real API client, the poll cycle, the webhook dispatcher and a verifying
 * receiver. Retry jitter is fixed at none so delays are exact.
 */
final class LoopFixture implements AutoCloseable {
  static final String ACCOUNT = "acc1";
  static final String TOKEN = "cfut_test-token-value";
  static final Duration MIN = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofSeconds(8);
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration GIVE_UP = Duration.ofHours(1);
  static final Budget BUDGET = new Budget(3, 1);
  static final int BUDGET_PER_5_MIN = 1200;

  /**
   * A claim of due videos only, for tests of leases and locks: no work conservation (a minimum
   * interval of a century) and so no age cap either.
   */
  static final TrackedVideoRepository.ClaimOrder DUE_ONLY =
      new TrackedVideoRepository.ClaimOrder(Duration.ofDays(36_500), Duration.ZERO, 4);

  static final List<Duration> RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

  final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  final Database database = new Database(PostgresExtension.dataSource());
  final StreamSimulator simulator;
  final CloudflareClient client;
  final WebhookReceiver receiver;
  final WebhookSender sender;
  final Secret webhookSecret = WebhookSigner.generateSecret();
  final AtomicInteger deliveryWakeUps = new AtomicInteger();
  final TrackedVideoRepository videos = new TrackedVideoRepository();

  LoopFixture() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder().clock(clock).apiToken(TOKEN).account(ACCOUNT).build());
    client =
        new CloudflareClient(
            simulator.baseUrl(),
            new CloudflareCredential.ApiToken(Secret.of(TOKEN)),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            "test",
            clock);
    receiver = WebhookReceiver.builder(webhookSecret, clock).start();
    sender = new WebhookSender(Duration.ofSeconds(5), "test", clock);
  }

  PollCycle cycle(String owner) {
    return new PollCycle(
        database,
        List.of(new PolledAccount(ACCOUNT, client, "token:test", BUDGET_PER_5_MIN)),
        routes(),
        clock,
        new PollCycle.Settings(
            owner, new PollPolicy(MIN, MAX, GIVE_UP), 10, LEASE, Duration.ofSeconds(1), 1),
        deliveryWakeUps::incrementAndGet,
        new SimpleMeterRegistry());
  }

  /** The fixture's one account and budget, as a poll cycle groups them. */
  PollCycle.Group group() {
    return new PollCycle.Group(
        "token:test",
        BUDGET_PER_5_MIN,
        java.util.Map.of(
            ACCOUNT, new PolledAccount(ACCOUNT, client, "token:test", BUDGET_PER_5_MIN)));
  }

  PollRecorder recorder() {
    return new PollRecorder(database, new PollPolicy(MIN, MAX, GIVE_UP), routes());
  }

  List<TrackedVideo> claim(String token) {
    Instant now = clock.instant();
    return database.inTransaction(
        c -> videos.claimDue(c, token, List.of(ACCOUNT), now, LEASE, LoopFixture.DUE_ONLY, 10));
  }

  /** One endpoint, "default", at the receiver, wanting every event of every account. */
  WebhookRoutes routes() {
    return new WebhookRoutes(
        List.of(
            new WebhookEndpoint(
                "default",
                receiver.url(),
                List.of(webhookSecret),
                Set.of(WebhookEvents.DOWNLOAD_READY, WebhookEvents.DOWNLOAD_ERROR),
                Set.of(),
                false)),
        Optional.of(webhookSecret));
  }

  /** Sends in the calling thread, so a test sees the outcome when dispatchBatch returns. */
  WebhookDispatcher dispatcher() {
    return new WebhookDispatcher(
        database,
        routes(),
        sender,
        Runnable::run,
        clock,
        new WebhookDispatcher.Settings(
            "dispatcher-1",
            10,
            LEASE,
            new RetrySchedule(RETRIES, () -> 0.5),
            SenderLimits.UNLIMITED),
        new SimpleMeterRegistry());
  }

  VideoKey track(String uid) {
    VideoKey key = new VideoKey(ACCOUNT, uid);
    Instant now = clock.instant();
    database.inTransaction(c -> videos.track(c, key, now));
    return key;
  }

  TrackedVideo video(VideoKey key) {
    return database.inTransaction(c -> videos.find(c, key)).orElseThrow();
  }

  long count(String sql) {
    return database.inTransaction(
        c -> {
          try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** Polls and advances the clock until the video ends, at most {@code rounds} times. */
  void pollUntilEnded(PollCycle cycle, VideoKey key, Duration step, int rounds) {
    for (int i = 0; i < rounds && video(key).isActive(); i++) {
      cycle.runOnce();
      clock.advance(step);
    }
  }

  @Override
  public void close() {
    sender.close();
    receiver.close();
    client.close();
    simulator.close();
  }
}
