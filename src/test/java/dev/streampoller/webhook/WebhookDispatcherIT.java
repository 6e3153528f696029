package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class WebhookDispatcherIT {
  private static final VideoKey KEY = new VideoKey("acc1", "vid1");
  private static final List<Duration> RETRIES =
      List.of(Duration.ofSeconds(5), Duration.ofMinutes(5));

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final Secret secret = WebhookSigner.generateSecret();
  private final WebhookReceiver receiver = WebhookReceiver.builder(secret, clock).start();
  private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(10), "test", clock);
  private Database database;
  private String eventId;

  @BeforeEach
  void enqueueOneEvent(Database database) {
    this.database = database;
    Instant now = clock.instant();
    Transition ready =
        new Transition(
            "default",
            2,
            new DownloadSnapshot("default", "inprogress", 80.0, "https://x"),
            new DownloadSnapshot("default", "ready", 100.0, "https://x"),
            now);
    eventId = WebhookEvents.newEventId();
    database.run(
        c -> {
          new TrackedVideoRepository().track(c, KEY, now);
          new DeliveryRepository()
              .enqueue(
                  c,
                  eventId,
                  WebhookEvents.DOWNLOAD_READY,
                  KEY,
                  "default",
                  WebhookEvents.payload(WebhookEvents.DOWNLOAD_READY, KEY, ready).toString(),
                  "default",
                  receiver.url(),
                  now);
        });
  }

  @AfterEach
  void close() {
    sender.close();
    receiver.close();
  }

  private WebhookDispatcher dispatcher() {
    return new WebhookDispatcher(
        database,
        new WebhookRoutes(
            List.of(
                new WebhookEndpoint(
                    "default",
                    receiver.url(),
                    List.of(secret),
                    Set.of(WebhookEvents.DOWNLOAD_READY, WebhookEvents.DOWNLOAD_ERROR),
                    Set.of(),
                    false)),
            Optional.empty()),
        sender,
        Runnable::run,
        clock,
        new WebhookDispatcher.Settings(
            "dispatcher",
            10,
            Duration.ofMinutes(1),
            new RetrySchedule(RETRIES, () -> 0.5),
            SenderLimits.UNLIMITED),
        new SimpleMeterRegistry());
  }

  private DeliveryView delivery() {
    return database
        .inTransaction(
            c -> new DeliveryQueries().list(c, new DeliveryQueries.Filter(KEY, null, null, 10)))
        .get(0);
  }

  @Test
  void shouldDeliverToAReceiverThatFailsTwiceWithOneEventId() {
    receiver.failNext(2, 503);
    WebhookDispatcher dispatcher = dispatcher();

    assertThat(dispatcher.dispatchBatch()).isEqualTo(1);
    assertThat(delivery().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(5));
    assertThat(dispatcher.dispatchBatch()).as("not due yet: stored, not slept").isZero();
    clock.advance(Duration.ofSeconds(5));
    assertThat(dispatcher.dispatchBatch()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(5));
    assertThat(dispatcher.dispatchBatch()).isEqualTo(1);

    assertThat(receiver.attempts())
        .hasSize(3)
        .extracting(ReceivedWebhook::msgId)
        .containsOnly(eventId);
    assertThat(receiver.received())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.signatureValid()).isTrue();
              assertThat(w.json().path("type").asText()).isEqualTo("download.ready");
              assertThat(w.json().path("data").path("previousStatus").asText())
                  .isEqualTo("inprogress");
            });
    DeliveryView done = delivery();
    assertThat(done.state()).isEqualTo("delivered");
    assertThat(done.attempts()).isEqualTo(3);
    assertThat(done.lastHttpStatus()).isEqualTo(204);
    assertThat(done.lastError()).isNull();
  }

  @Test
  void shouldMarkADeliveryDeadAfterTheLastScheduledAttemptAndKeepIt() {
    receiver.failNext(10, 500);
    WebhookDispatcher dispatcher = dispatcher();

    dispatcher.dispatchBatch();
    clock.advance(Duration.ofSeconds(5));
    dispatcher.dispatchBatch();
    clock.advance(Duration.ofMinutes(5));
    dispatcher.dispatchBatch();
    clock.advance(Duration.ofDays(1));

    assertThat(dispatcher.dispatchBatch()).isZero();
    DeliveryView dead = delivery();
    assertThat(dead.state()).isEqualTo("dead");
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastHttpStatus()).isEqualTo(500);
    assertThat(dead.nextAttemptAt()).isNull();
  }

  @Test
  void shouldWaitAtLeastTheReceiversRetryAfter() {
    receiver.failNext(1, 429, Duration.ofSeconds(120));

    dispatcher().dispatchBatch();

    assertThat(delivery().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(120));
  }

  @Test
  void shouldRecordAConnectionFailureWithoutAnHttpStatus() {
    receiver.close();

    dispatcher().dispatchBatch();

    DeliveryView failed = delivery();
    assertThat(failed.state()).isEqualTo("pending");
    assertThat(failed.lastHttpStatus()).isNull();
    assertThat(failed.lastError()).isNotBlank();
  }
}
