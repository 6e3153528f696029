package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deliveries to several endpoints, against real local receivers and PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class WebhookEndpointsIT {
  /** The dispatcher's settings in every test: what differs is the sender and the executor. */
  private final WebhookDispatcher.Settings settings =
      new WebhookDispatcher.Settings(
          "dispatcher",
          10,
          Duration.ofMinutes(1),
          new RetrySchedule(RETRIES, () -> 0.5),
          SenderLimits.UNLIMITED);

  private static final VideoKey KEY = new VideoKey("acc1", "vid1");
  private static final List<Duration> RETRIES =
      List.of(Duration.ofSeconds(5), Duration.ofMinutes(5));
  private static final Set<String> ALL_EVENTS =
      Set.of(WebhookEvents.DOWNLOAD_READY, WebhookEvents.DOWNLOAD_ERROR);

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final List<AutoCloseable> closeables = new ArrayList<>();
  // Generous: a loaded CI machine must not turn a prompt answer into a timeout.
  private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(10), "test", clock);
  private Database database;

  @BeforeEach
  void setUp(Database database) {
    this.database = database;
    database.run(c -> new TrackedVideoRepository().track(c, KEY, clock.instant()));
  }

  @AfterEach
  void close() throws Exception {
    sender.close();
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private WebhookReceiver receiver(Secret secret) {
    WebhookReceiver receiver = WebhookReceiver.builder(secret, clock).start();
    closeables.add(receiver);
    return receiver;
  }

  /** A receiver that answers only once {@code release} opens (or after 30 s). */
  private URI hangingReceiver(CountDownLatch release) throws IOException {
    HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hanging.createContext(
        "/hook",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hanging.start();
    // Closed in this order: let the hanging exchange finish, then stop the server.
    closeables.add(release::countDown);
    closeables.add(() -> hanging.stop(0));
    return URI.create("http://127.0.0.1:" + hanging.getAddress().getPort() + "/hook");
  }

  private static WebhookEndpoint endpoint(String name, URI url, Secret... secrets) {
    return new WebhookEndpoint(name, url, List.of(secrets), ALL_EVENTS, Set.of(), false);
  }

  private WebhookDispatcher dispatcher(
      WebhookRoutes routes, java.util.concurrent.Executor executor) {
    database.run(c -> new EndpointRepository().sync(c, routes.endpoints(), clock.instant()));
    return new WebhookDispatcher(
        database, routes, sender, executor, clock, settings, new SimpleMeterRegistry());
  }

  /** One event for every endpoint given; returns its event id. */
  private String enqueue(WebhookRoutes routes, String downloadType) {
    Instant now = clock.instant();
    Transition ready =
        new Transition(
            downloadType,
            2,
            new DownloadSnapshot(downloadType, "inprogress", 80.0, "https://x"),
            new DownloadSnapshot(downloadType, "ready", 100.0, "https://x"),
            now);
    String eventId = WebhookEvents.newEventId();
    String payload = WebhookEvents.payload(WebhookEvents.DOWNLOAD_READY, KEY, ready).toString();
    database.run(
        c -> {
          for (WebhookRoutes.Route route :
              routes.routesFor(WebhookEvents.DOWNLOAD_READY, KEY.accountId(), null)) {
            new DeliveryRepository()
                .enqueue(
                    c,
                    eventId,
                    WebhookEvents.DOWNLOAD_READY,
                    KEY,
                    downloadType,
                    payload,
                    route.endpoint(),
                    route.target(),
                    now);
          }
        });
    return eventId;
  }

  private List<DeliveryView> deliveries(String endpoint) {
    return database.inTransaction(
        c -> new DeliveryQueries().list(c, new DeliveryQueries.Filter(null, endpoint, null, 100)));
  }

  @Test
  void shouldSignWithBothSecretsDuringARotationSoEitherVerifies() {
    Secret previous = WebhookSigner.generateSecret();
    Secret current = WebhookSigner.generateSecret();
    WebhookReceiver stillOnPrevious = receiver(previous);
    WebhookReceiver alreadyOnCurrent = receiver(current);
    WebhookRoutes routes =
        new WebhookRoutes(
            List.of(
                endpoint("old", stillOnPrevious.url(), current, previous),
                endpoint("new", alreadyOnCurrent.url(), current, previous)),
            Optional.empty());
    enqueue(routes, "default");

    dispatcher(routes, Runnable::run).dispatchBatch();

    assertThat(stillOnPrevious.received()).singleElement().matches(ReceivedWebhook::signatureValid);
    assertThat(alreadyOnCurrent.received())
        .singleElement()
        .matches(ReceivedWebhook::signatureValid);
  }

  @Test
  void shouldNeverStoreAnEndpointUrlsQueryToken() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver receiver = receiver(secret);
    URI withToken = URI.create(receiver.url() + "?token=s3cret-in-url");
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("tokened", withToken, secret)), Optional.empty());
    enqueue(routes, "default");

    dispatcher(routes, Runnable::run).dispatchBatch();

    assertThat(receiver.received()).hasSize(1);
    long leaks =
        database.inTransaction(
            c -> {
              var rs =
                  c.createStatement()
                      .executeQuery(
                          """
                          SELECT (SELECT count(*) FROM webhook_endpoint WHERE url LIKE '%s3cret%')
                               + (SELECT count(*) FROM webhook_delivery
                                   WHERE target_url LIKE '%s3cret%')""");
              rs.next();
              return rs.getLong(1);
            });
    assertThat(leaks).isZero();
  }

  @Test
  void shouldSendTheSameEventIdToEveryEndpoint() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver a = receiver(secret);
    WebhookReceiver b = receiver(secret);
    WebhookRoutes routes =
        new WebhookRoutes(
            List.of(endpoint("a", a.url(), secret), endpoint("b", b.url(), secret)),
            Optional.empty());
    String eventId = enqueue(routes, "default");

    dispatcher(routes, Runnable::run).dispatchBatch();

    assertThat(a.received()).extracting(ReceivedWebhook::msgId).containsExactly(eventId);
    assertThat(b.received()).extracting(ReceivedWebhook::msgId).containsExactly(eventId);
  }

  @Test
  void shouldMarkAHandWrittenDeliveryWithAnUnparsableUrlDeadAndSendTheRest() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver fine = receiver(secret);
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("fine", fine.url(), secret)), Optional.of(secret));
    enqueue(routes, "default");
    database.run(
        c ->
            c.createStatement()
                .execute(
                    """
                    INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid,
                        download_type, payload, endpoint, target_url, created_at, next_attempt_at)
                    VALUES ('msg_handwritten1', 'download.ready', 'acc1', 'vid1', 'default', '{}',
                        '@callback', 'https://tenant.example/{uid}', '2026-03-01T10:00:00Z',
                        '2026-03-01T10:00:00Z')"""));

    dispatcher(routes, Runnable::run).dispatchBatch();

    assertThat(fine.received()).hasSize(1);
    assertThat(deliveries("@callback"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.state()).isEqualTo("dead");
              assertThat(d.lastError()).contains("not a valid URL");
            });
  }

  @Test
  void shouldDisableAnEndpointThatAnswers410AndMarkItsPendingDeliveriesDead() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver gone = receiver(secret);
    WebhookReceiver fine = receiver(secret);
    gone.failNext(1, 410);
    WebhookRoutes routes =
        new WebhookRoutes(
            List.of(endpoint("gone", gone.url(), secret), endpoint("fine", fine.url(), secret)),
            Optional.empty());
    enqueue(routes, "default");
    enqueue(routes, "audio");
    WebhookDispatcher dispatcher =
        dispatcher(new WebhookRoutes(routes.endpoints(), Optional.empty()), Runnable::run);

    dispatcher.dispatchBatch();
    clock.advance(Duration.ofMinutes(10));
    dispatcher.dispatchBatch();

    assertThat(deliveries("gone")).hasSize(2).allMatch(d -> d.state().equals("dead"));
    assertThat(gone.attempts()).as("nothing more after the 410").hasSize(1);
    assertThat(deliveries("fine")).hasSize(2).allMatch(d -> d.state().equals("delivered"));
    List<EndpointRepository.EndpointState> states =
        database.inTransaction(c -> new EndpointRepository().list(c));
    assertThat(states)
        .filteredOn(e -> e.name().equals("gone"))
        .singleElement()
        .satisfies(e -> assertThat(e.disabledReason()).contains("410"));
  }

  @Test
  void shouldMarkEventsEnqueuedWhileTheEndpointIsDisabledDeadAtOnce() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver gone = receiver(secret);
    gone.failNext(1, 410);
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("gone", gone.url(), secret)), Optional.empty());
    WebhookDispatcher dispatcher = dispatcher(routes, Runnable::run);
    enqueue(routes, "default");
    dispatcher.dispatchBatch();

    enqueue(routes, "audio");

    assertThat(deliveries("gone"))
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.state()).isEqualTo("dead");
              assertThat(d.nextAttemptAt()).isNull();
            });
    assertThat(deliveries("gone").get(0).lastError()).startsWith("endpoint disabled: HTTP 410");
    List<DeliveryView> dead =
        database.inTransaction(
            c ->
                new DeliveryQueries().list(c, new DeliveryQueries.Filter(null, null, "dead", 100)));
    assertThat(dead).as("listed by deliveries --state dead").hasSize(2);
  }

  @Test
  void shouldMarkAPendingDeliveryOfADisabledEndpointDeadOnTheNextRound() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver off = receiver(secret);
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("off", off.url(), secret)), Optional.empty());
    WebhookDispatcher dispatcher = dispatcher(routes, Runnable::run);
    database.run(c -> new EndpointRepository().disable(c, "off", "HTTP 410 Gone", clock.instant()));
    // As if enqueued by a poll that committed while the 410 was being recorded.
    database.run(
        c ->
            c.createStatement()
                .execute(
                    """
                    INSERT INTO webhook_delivery (event_id, event_type, account_id, video_uid,
                        download_type, payload, endpoint, target_url, created_at, next_attempt_at)
                    VALUES ('msg_racedwithdisable', 'download.ready', 'acc1', 'vid1', 'default',
                        '{}', 'off', 'https://off.example/', '2026-03-01T10:00:00Z',
                        '2026-03-01T10:00:00Z')"""));

    assertThat(dispatcher.dispatchBatch()).isZero();

    assertThat(deliveries("off")).singleElement().matches(d -> d.state().equals("dead"));
    assertThat(off.attempts()).isEmpty();
  }

  @Test
  void shouldRedeliverADisabledEndpointsDeliveriesOnlyOnceItIsEnabled() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver back = receiver(secret);
    back.failNext(1, 410);
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("back", back.url(), secret)), Optional.empty());
    WebhookDispatcher dispatcher = dispatcher(routes, Runnable::run);
    String first = enqueue(routes, "default");
    dispatcher.dispatchBatch();
    String second = enqueue(routes, "audio");
    DeliveryQueries queries = new DeliveryQueries();

    int whileDisabled =
        database.inTransaction(c -> queries.redeliverDeadOfEndpoint(c, "back", clock.instant()));
    database.run(c -> new EndpointRepository().enable(c, "back", clock.instant()));
    int onceEnabled =
        database.inTransaction(c -> queries.redeliverDeadOfEndpoint(c, "back", clock.instant()));
    dispatcher.dispatchBatch();

    assertThat(whileDisabled).isZero();
    assertThat(onceEnabled).isEqualTo(2);
    assertThat(back.received())
        .extracting(ReceivedWebhook::msgId)
        .containsExactlyInAnyOrder(first, second);
    assertThat(deliveries("back")).allMatch(d -> d.state().equals("delivered"));
  }

  @Test
  void shouldRecordARedirectAsAFailureWithoutFollowingIt() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver moved = receiver(secret);
    moved.redirectNext(1, URI.create("https://elsewhere.example/hook"));
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("moved", moved.url(), secret)), Optional.empty());
    enqueue(routes, "default");

    dispatcher(routes, Runnable::run).dispatchBatch();

    assertThat(deliveries("moved"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.state()).isEqualTo("pending");
              assertThat(d.lastHttpStatus()).isEqualTo(302);
              assertThat(d.attempts()).isEqualTo(1);
            });
  }

  @Test
  void shouldRecordATimeoutAndRetryLater() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver slow = receiver(secret);
    slow.respondAfter(Duration.ofSeconds(5));
    WebhookSender impatient = new WebhookSender(Duration.ofSeconds(1), "test", clock);
    closeables.add(impatient);
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("slow", slow.url(), secret)), Optional.empty());
    database.run(c -> new EndpointRepository().sync(c, routes.endpoints(), clock.instant()));
    enqueue(routes, "default");

    new WebhookDispatcher(
            database, routes, impatient, Runnable::run, clock, settings, new SimpleMeterRegistry())
        .dispatchBatch();

    assertThat(deliveries("slow"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.state()).isEqualTo("pending");
              assertThat(d.lastHttpStatus()).isNull();
              assertThat(d.lastError()).contains("timeout");
              assertThat(d.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(5));
            });
  }

  @Test
  void shouldRedeliverADeadDeliveryWithTheSameEventId() {
    Secret secret = WebhookSigner.generateSecret();
    WebhookReceiver down = receiver(secret);
    down.failNext(3, 500);
    WebhookRoutes routes =
        new WebhookRoutes(List.of(endpoint("down", down.url(), secret)), Optional.empty());
    String eventId = enqueue(routes, "default");
    WebhookDispatcher dispatcher = dispatcher(routes, Runnable::run);
    dispatcher.dispatchBatch();
    clock.advance(Duration.ofSeconds(5));
    dispatcher.dispatchBatch();
    clock.advance(Duration.ofMinutes(5));
    dispatcher.dispatchBatch();
    assertThat(deliveries("down")).singleElement().matches(d -> d.state().equals("dead"));

    int requeued =
        database.inTransaction(
            c -> new DeliveryQueries().redeliverDeadOfEndpoint(c, "down", clock.instant()));
    dispatcher.dispatchBatch();

    assertThat(requeued).isEqualTo(1);
    assertThat(down.received())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.msgId()).isEqualTo(eventId);
              assertThat(w.signatureValid()).isTrue();
            });
    assertThat(deliveries("down")).singleElement().matches(d -> d.state().equals("delivered"));
  }

  @Test
  void shouldNotLetOneHangingEndpointDelayAnother() throws IOException {
    Secret secret = WebhookSigner.generateSecret();
    CountDownLatch release = new CountDownLatch(1);
    URI hangingUrl = hangingReceiver(release);
    WebhookReceiver fast = receiver(secret);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    closeables.add(pool::shutdownNow);
    WebhookRoutes routes =
        new WebhookRoutes(
            List.of(endpoint("hanging", hangingUrl, secret), endpoint("fast", fast.url(), secret)),
            Optional.empty());
    WebhookSender patient = new WebhookSender(Duration.ofSeconds(30), "test", clock);
    closeables.add(patient);
    database.run(c -> new EndpointRepository().sync(c, routes.endpoints(), clock.instant()));
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            database, routes, patient, pool, clock, settings, new SimpleMeterRegistry());
    enqueue(routes, "default");

    assertThat(dispatcher.dispatchBatch()).isEqualTo(2);

    await().atMost(Duration.ofSeconds(10)).until(() -> fast.received().size() == 1);
    assertThat(deliveries("hanging")).singleElement().matches(d -> d.state().equals("pending"));
    assertThat(dispatcher.dispatchBatch()).as("the busy endpoint is not claimed again").isZero();
    release.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveries("hanging").get(0).state().equals("delivered"));
  }

  @Test
  void shouldNotLetOneTenantsHangingCallbackDelayAnothersCallback() throws IOException {
    Secret secret = WebhookSigner.generateSecret();
    CountDownLatch release = new CountDownLatch(1);
    URI hangingUrl = hangingReceiver(release);
    WebhookReceiver otherTenant = receiver(secret);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    closeables.add(pool::shutdownNow);
    WebhookSender patient = new WebhookSender(Duration.ofSeconds(30), "test", clock);
    closeables.add(patient);
    WebhookRoutes routes = new WebhookRoutes(List.of(), Optional.of(secret));
    Instant now = clock.instant();
    database.run(
        c -> {
          for (URI target : List.of(hangingUrl, otherTenant.url())) {
            new DeliveryRepository()
                .enqueue(
                    c,
                    WebhookEvents.newEventId(),
                    WebhookEvents.DOWNLOAD_READY,
                    KEY,
                    "default",
                    "{\"type\":\"download.ready\"}",
                    WebhookEndpoint.CALLBACK,
                    target,
                    now);
          }
        });
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            database, routes, patient, pool, clock, settings, new SimpleMeterRegistry());

    assertThat(dispatcher.dispatchBatch()).isEqualTo(2);

    await().atMost(Duration.ofSeconds(10)).until(() -> otherTenant.received().size() == 1);
  }

  @Test
  void shouldSendTheCloudflareStyleHeaderWhenTheEndpointAsksForIt() throws IOException {
    Secret secret = WebhookSigner.generateSecret();
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          seen.addAll(exchange.getRequestHeaders().get("Webhook-Signature"));
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    closeables.add(() -> server.stop(0));
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    WebhookRoutes routes =
        new WebhookRoutes(
            List.of(new WebhookEndpoint("cf", url, List.of(secret), ALL_EVENTS, Set.of(), true)),
            Optional.empty());
    enqueue(routes, "default");

    dispatcher(routes, Runnable::run).dispatchBatch();

    long time = clock.instant().getEpochSecond();
    assertThat(seen)
        .containsExactly(
            CloudflareStyleSignature.header(secret, time, bodies.get(0).getBytes(UTF_8)));
  }
}
