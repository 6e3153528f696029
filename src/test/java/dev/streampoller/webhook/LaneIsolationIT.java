package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hanging receivers next to healthy ones, with the real dispatcher, sender and thread limits, real
 * local receivers and PostgreSQL. Events are enqueued every 50 ms and a round runs after each, as
 * the delivery job does when woken on commit. Each test prints the healthy receiver's latency
 * (enqueue committed to webhook verified) without and with the hang; the assertions only check that
 * every event arrived and that none waited as long as a hanging attempt (the send timeout), which
 * is what starvation looks like.
 */
@ExtendWith(PostgresExtension.class)
class LaneIsolationIT {
  private static final VideoKey KEY = new VideoKey("acc1", "vid1");
  private static final int EVENTS = 100;
  private static final long EVERY_MILLIS = 50;
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(8);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Set<String> ALL_EVENTS =
      Set.of(WebhookEvents.DOWNLOAD_READY, WebhookEvents.DOWNLOAD_ERROR);

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final Secret secret = WebhookSigner.generateSecret();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Database database;

  @BeforeEach
  void setUp(Database database) {
    this.database = database;
    database.run(c -> new TrackedVideoRepository().track(c, KEY, clock.instant()));
  }

  @AfterEach
  void close() throws Exception {
    // Last opened first: hanging receivers close their sockets, so sends in flight end at once.
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @ParameterizedTest(name = "webhook.max-concurrency={0}")
  @ValueSource(ints = {1, 8})
  void shouldDeliverEveryEventOfAHealthyEndpointWhileAnotherHangs(int maxConcurrency)
      throws IOException {
    Timing healthyBase = new Timing();
    WebhookReceiver base = receiver(healthyBase);
    WebhookRoutes alone =
        new WebhookRoutes(List.of(endpoint("base", base.url())), Optional.empty());
    run(maxConcurrency, alone, i -> null, healthyBase, () -> arrivedAll(base), MINUTE);

    HostileReceiver hanging = hostile();
    Timing healthyHang = new Timing();
    WebhookReceiver healthy = receiver(healthyHang);
    WebhookRoutes both =
        new WebhookRoutes(
            List.of(endpoint("hanging", hanging.url()), endpoint("healthy", healthy.url())),
            Optional.empty());
    run(maxConcurrency, both, i -> null, healthyHang, () -> arrivedAll(healthy), MINUTE);

    report("named endpoint, max-concurrency=" + maxConcurrency, healthyBase, healthyHang);
    assertThat(healthy.received()).hasSize(EVENTS);
    assertThat(hanging.accepted()).as("the hanging endpoint was being sent to").isPositive();
    assertThat(delivered("hanging")).as("and never answered").isZero();
    assertThat(healthyHang.max())
        .as("no healthy event waited behind a hanging attempt")
        .isLessThan(SEND_TIMEOUT);
  }

  @ParameterizedTest(name = "webhook.max-concurrency={0}")
  @ValueSource(ints = {8})
  void shouldNotLetTwentyFourHangingCallbackUrlsDelayTheDefaultEndpoint(int maxConcurrency)
      throws IOException {
    Timing defaultBase = new Timing();
    WebhookReceiver base = receiver(defaultBase);
    WebhookRoutes alone =
        new WebhookRoutes(List.of(endpoint("default", base.url())), Optional.of(secret));
    run(maxConcurrency, alone, i -> null, defaultBase, () -> arrivedAll(base), MINUTE);
    database.run(c -> c.createStatement().execute("DELETE FROM webhook_delivery"));

    HostileReceiver hanging = hostile();
    Timing defaultHang = new Timing();
    Timing tenant = defaultHang.sameEvents();
    WebhookReceiver main = receiver(defaultHang);
    WebhookReceiver healthyTenant = receiver(tenant);
    WebhookRoutes withCallbacks =
        new WebhookRoutes(List.of(endpoint("default", main.url())), Optional.of(secret));
    // Every 25th event goes to a tenant whose callback works, the others to 24 hanging ones.
    IntFunction<URI> callbackOf =
        i -> i % 25 == 24 ? healthyTenant.url() : URI.create(hanging.url() + "/" + (i % 25));
    // A working callback waits at worst until the hanging ones are known to fail (one timeout
    // each, max-concurrency at a time), then is sent to from threads they no longer take.
    run(
        maxConcurrency,
        withCallbacks,
        callbackOf,
        defaultHang,
        () -> arrivedAll(main) && healthyTenant.received().size() >= EVENTS / 25,
        Duration.ofMinutes(2));

    report("default endpoint, 24 hanging callback URLs", defaultBase, defaultHang);
    assertThat(main.received()).hasSize(EVENTS);
    assertThat(healthyTenant.received()).hasSize(EVENTS / 25);
    assertThat(hanging.accepted()).as("the hanging callbacks were being sent to").isPositive();
    assertThat(defaultHang.max()).isLessThan(SEND_TIMEOUT);
    System.out.printf(
        "working callback next to 24 hanging ones: %d events, max latency %d ms%n",
        healthyTenant.received().size(), tenant.max().toMillis());
  }

  /**
   * Enqueues {@link #EVENTS} events, one every {@link #EVERY_MILLIS} ms, each followed by a
   * dispatch round, then runs rounds as often until {@code done} (at most {@code atMost}).
   */
  private void run(
      int maxConcurrency,
      WebhookRoutes routes,
      IntFunction<URI> callbackOf,
      Timing timing,
      BooleanSupplier done,
      Duration atMost) {
    database.run(c -> new EndpointRepository().sync(c, routes.endpoints(), clock.instant()));
    WebhookSender sender = new WebhookSender(SEND_TIMEOUT, "test", clock);
    ExecutorService threads = Executors.newCachedThreadPool();
    ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor();
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            database,
            routes,
            sender,
            threads,
            clock,
            new WebhookDispatcher.Settings(
                "isolation",
                25,
                Duration.ofMinutes(2),
                new RetrySchedule(List.of(Duration.ofMinutes(5)), () -> 0.5),
                SenderLimits.forMaxConcurrency(maxConcurrency)),
            new SimpleMeterRegistry());
    closeables.add(sender);
    closeables.add(threads::shutdownNow);
    closeables.add(dispatcher::stop);
    closeables.add(driver::shutdownNow);
    AtomicInteger next = new AtomicInteger();
    driver.scheduleAtFixedRate(
        () -> {
          int i = next.getAndIncrement();
          if (i < EVENTS) {
            String eventId = enqueue(routes, callbackOf.apply(i));
            timing.enqueued(eventId);
          }
          dispatcher.dispatchBatch();
        },
        0,
        EVERY_MILLIS,
        TimeUnit.MILLISECONDS);
    await().atMost(atMost).until(done::getAsBoolean);
    driver.shutdownNow();
    dispatcher.stop();
  }

  private String enqueue(WebhookRoutes routes, URI callback) {
    Instant now = clock.instant();
    String eventId = WebhookEvents.newEventId();
    Transition ready =
        new Transition(
            "default",
            2,
            new DownloadSnapshot("default", "inprogress", 80.0, "https://x"),
            new DownloadSnapshot("default", "ready", 100.0, "https://x"),
            now);
    String payload = WebhookEvents.payload(WebhookEvents.DOWNLOAD_READY, KEY, ready).toString();
    database.run(
        c -> {
          for (WebhookRoutes.Route route :
              routes.routesFor(WebhookEvents.DOWNLOAD_READY, KEY.accountId(), callback)) {
            new DeliveryRepository()
                .enqueue(
                    c,
                    eventId,
                    WebhookEvents.DOWNLOAD_READY,
                    KEY,
                    "default",
                    payload,
                    route.endpoint(),
                    route.target(),
                    now);
          }
        });
    return eventId;
  }

  private static boolean arrivedAll(WebhookReceiver receiver) {
    return receiver.received().size() >= EVENTS;
  }

  private long delivered(String endpoint) {
    return database
        .inTransaction(
            c ->
                new DeliveryQueries()
                    .list(c, new DeliveryQueries.Filter(null, endpoint, "delivered", 1000)))
        .size();
  }

  private WebhookReceiver receiver(Timing timing) {
    WebhookReceiver receiver =
        WebhookReceiver.builder(secret, clock).listener(w -> timing.arrived(w.msgId())).start();
    closeables.add(receiver);
    return receiver;
  }

  private HostileReceiver hostile() throws IOException {
    HostileReceiver hostile = HostileReceiver.silent();
    closeables.add(hostile);
    return hostile;
  }

  private WebhookEndpoint endpoint(String name, URI url) {
    return new WebhookEndpoint(name, url, List.of(secret), ALL_EVENTS, Set.of(), false);
  }

  private static void report(String what, Timing without, Timing with) {
    System.out.printf(
        "%s: without the hang p50 %d ms, p99 %d ms, max %d ms; with it p50 %d ms, p99 %d ms,"
            + " max %d ms; p99 changed by %+d ms%n",
        what,
        without.percentile(50).toMillis(),
        without.percentile(99).toMillis(),
        without.max().toMillis(),
        with.percentile(50).toMillis(),
        with.percentile(99).toMillis(),
        with.max().toMillis(),
        with.percentile(99).toMillis() - without.percentile(99).toMillis());
  }

  /** Enqueue and arrival times (System.nanoTime) by event id; the first arrival counts. */
  private static final class Timing {
    private final Map<String, Long> enqueued;
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();

    Timing() {
      this(new ConcurrentHashMap<>());
    }

    private Timing(Map<String, Long> enqueued) {
      this.enqueued = enqueued;
    }

    /** Arrivals at another receiver of the same events. */
    Timing sameEvents() {
      return new Timing(enqueued);
    }

    void enqueued(String eventId) {
      enqueued.put(eventId, System.nanoTime());
    }

    void arrived(String eventId) {
      arrived.putIfAbsent(eventId, System.nanoTime());
    }

    List<Duration> latencies() {
      List<Duration> result = new ArrayList<>();
      arrived.forEach(
          (id, at) -> {
            Long start = enqueued.get(id);
            if (start != null) {
              result.add(Duration.ofNanos(at - start));
            }
          });
      result.sort(null);
      return result;
    }

    Duration percentile(int p) {
      List<Duration> all = latencies();
      if (all.isEmpty()) {
        return Duration.ZERO;
      }
      return all.get(Math.min(all.size() - 1, (int) Math.ceil(p / 100.0 * all.size()) - 1));
    }

    Duration max() {
      List<Duration> all = latencies();
      return all.isEmpty() ? Duration.ZERO : all.get(all.size() - 1);
    }
  }
}
