package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A configured endpoint gets up to {@link SenderLimits#endpointThreads()} deliveries at once, never
 * more, and its threads go on with the backlog without waiting for another round. The receiver
 * holds the first requests until {@link #THREADS} of them are in flight together (with fewer
 * threads they would never all arrive), and a second more, so that a request beyond the limit would
 * show in the count.
 */
@ExtendWith(PostgresExtension.class)
class EndpointConcurrencyIT {
  private static final int THREADS = 6;
  private static final int EVENTS = 60;

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final Secret secret = WebhookSigner.generateSecret();
  private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(30), "test", clock);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final CountDownLatch allThreadsBusy = new CountDownLatch(THREADS);
  private final CountDownLatch oneTooMany = new CountDownLatch(THREADS + 1);
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private Database database;

  @BeforeEach
  void start(Database database) throws IOException {
    this.database = database;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/hook",
        exchange -> {
          int now = inFlight.incrementAndGet();
          mostInFlight.accumulateAndGet(now, Math::max);
          requests.incrementAndGet();
          allThreadsBusy.countDown();
          oneTooMany.countDown();
          try {
            // The first THREADS requests are held until all are in flight, and then a moment
            // more, long enough for one request too many to show up if the limit let it through.
            allThreadsBusy.await(30, TimeUnit.SECONDS);
            oneTooMany.await(1, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
          exchange.getRequestBody().readAllBytes();
          inFlight.decrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    Instant now = clock.instant();
    database.run(
        c -> {
          for (int i = 0; i < EVENTS; i++) {
            VideoKey key = new VideoKey("acc1", "vid" + i);
            new TrackedVideoRepository().track(c, key, now);
            Transition ready =
                new Transition(
                    "default",
                    1,
                    null,
                    new DownloadSnapshot("default", "ready", 100.0, "https://x"),
                    now);
            new DeliveryRepository()
                .enqueue(
                    c,
                    WebhookEvents.newEventId(),
                    WebhookEvents.DOWNLOAD_READY,
                    key,
                    "default",
                    WebhookEvents.payload(WebhookEvents.DOWNLOAD_READY, key, ready).toString(),
                    "default",
                    url,
                    now);
          }
        });
  }

  @AfterEach
  void stop() {
    server.stop(0);
    sender.close();
    pool.shutdownNow();
  }

  @Test
  void shouldSendUpToTheEndpointsThreadsAtOnceAndWorkOffTheBacklogInOneRound() {
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            database,
            new WebhookRoutes(
                List.of(
                    new WebhookEndpoint(
                        "default",
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                        List.of(secret),
                        Set.of(WebhookEvents.DOWNLOAD_READY),
                        Set.of(),
                        false)),
                Optional.empty()),
            sender,
            pool,
            clock,
            new WebhookDispatcher.Settings(
                "dispatcher",
                25,
                Duration.ofMinutes(2),
                new RetrySchedule(List.of(Duration.ofSeconds(5)), () -> 0.5),
                new SenderLimits(8, 2, THREADS)),
            new SimpleMeterRegistry());

    assertThat(dispatcher.dispatchBatch()).as("the first round's claim").isEqualTo(25);

    await().atMost(Duration.ofSeconds(60)).until(() -> pending() == 0 && inFlight.get() == 0);
    assertThat(received).hasSize(EVENTS);
    assertThat(requests.get()).as("each sent once").isEqualTo(EVENTS);
    assertThat(mostInFlight.get()).isEqualTo(THREADS);
    assertThat(allThreadsBusy.getCount()).isZero();
  }

  private long pending() {
    return database.inTransaction(
        c ->
            new DeliveryQueries()
                .list(c, new DeliveryQueries.Filter(null, null, null, EVENTS)).stream()
                    .filter(d -> !d.state().equals("delivered"))
                    .count());
  }
}
