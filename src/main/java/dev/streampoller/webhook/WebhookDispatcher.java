package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streampoller.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due outbox rows: claims a batch with a lease, renews each claim right before signing and
 * POSTing, and stores the outcome (delivered, due again after the retry schedule's delay, or dead).
 * Nothing sleeps: a retry is a stored {@code next_attempt_at}. A crash between sending and
 * recording leaves the claim to expire, so the event is sent again with the same id (at least
 * once).
 *
 * <p>Thread-safe: concurrent {@link #dispatchBatch()} calls, in one process or several, claim
 * disjoint rows, each round under its own claim token.
 */
public final class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int MAX_ERROR_LENGTH = 500;

  private final Database database;
  private final DeliveryRepository deliveries;
  private final WebhookSigner signer;
  private final WebhookSender sender;
  private final RetrySchedule retrySchedule;
  private final Clock clock;
  private final String owner;
  private final int batchSize;
  private final Duration lease;
  private final AtomicLong rounds = new AtomicLong();
  private volatile boolean stopping;

  public WebhookDispatcher(
      Database database,
      DeliveryRepository deliveries,
      WebhookSigner signer,
      WebhookSender sender,
      RetrySchedule retrySchedule,
      Clock clock,
      String owner,
      int batchSize,
      Duration lease) {
    this.database = Objects.requireNonNull(database, "database");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.retrySchedule = Objects.requireNonNull(retrySchedule, "retrySchedule");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.batchSize = batchSize;
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  /** Claims and sends one batch of due deliveries; returns how many were claimed. */
  public int dispatchBatch() {
    if (stopping) {
      return 0;
    }
    String token = owner + "/d" + rounds.incrementAndGet();
    Instant now = now();
    List<Delivery> claimed =
        database.inTransaction(c -> deliveries.claimDue(c, token, now, lease, batchSize));
    for (Delivery delivery : claimed) {
      try {
        if (stopping) {
          database.inTransaction(c -> deliveries.release(c, delivery.id(), token));
        } else if (database.inTransaction(
            c -> deliveries.renewClaim(c, delivery.id(), token, now().plus(lease)))) {
          deliver(delivery, token);
        }
      } catch (RuntimeException e) {
        // The claim expires and another attempt follows; the event is never dropped.
        LOG.error("Delivery {} ({}) could not be recorded", delivery.id(), delivery.eventId(), e);
      }
    }
    return claimed.size();
  }

  /** Stops claiming; a running round gives back what it has not sent yet. Idempotent. */
  public void stop() {
    stopping = true;
  }

  private void deliver(Delivery delivery, String token) {
    WebhookRequest request =
        WebhookRequest.signed(
            signer,
            delivery.target(),
            delivery.eventId(),
            clock.instant(),
            delivery.payload().getBytes(UTF_8));
    SendResult result = sender.send(request);
    Instant finished = now();
    if (result.success()) {
      int status = result.httpStatus().orElseThrow();
      recordOrWarn(
          delivery,
          database.inTransaction(
              c -> deliveries.markDelivered(c, delivery.id(), token, finished, status)));
      LOG.info(
          "Delivered {} {} (attempt {}, HTTP {})",
          delivery.eventType(),
          delivery.eventId(),
          delivery.attempts() + 1,
          status);
      return;
    }
    int attemptsMade = delivery.attempts() + 1;
    Optional<Duration> delay =
        retrySchedule
            .delayAfterAttempt(attemptsMade)
            .map(d -> result.retryAfter().filter(ra -> ra.compareTo(d) > 0).orElse(d));
    @Nullable Instant next = delay.map(finished::plus).orElse(null);
    @Nullable Integer status = storableStatus(result);
    String error = storable(result.error().orElse("failed"));
    recordOrWarn(
        delivery,
        database.inTransaction(
            c -> deliveries.markFailed(c, delivery.id(), token, finished, status, error, next)));
    String target = WebhookRequest.redact(delivery.target());
    if (next == null) {
      LOG.error(
          "Delivery {} ({}) to {} is dead after {} attempts: {}",
          delivery.id(),
          delivery.eventId(),
          target,
          attemptsMade,
          error);
    } else {
      LOG.warn(
          "Delivery {} ({}) to {} attempt {} failed: {}; next attempt at {}",
          delivery.id(),
          delivery.eventId(),
          target,
          attemptsMade,
          error,
          next);
    }
  }

  /** A status outside 100..599 is not HTTP: kept in the error text, not the status column. */
  private static @Nullable Integer storableStatus(SendResult result) {
    if (result.httpStatus().isEmpty()) {
      return null;
    }
    int status = result.httpStatus().getAsInt();
    return status >= 100 && status <= 599 ? status : null;
  }

  /** A receiver's error text may hold anything; PostgreSQL text cannot hold NUL. */
  private static String storable(String error) {
    String cleaned = error.replaceAll("\\p{Cntrl}", " ");
    return cleaned.length() <= MAX_ERROR_LENGTH ? cleaned : cleaned.substring(0, MAX_ERROR_LENGTH);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void recordOrWarn(Delivery delivery, boolean recorded) {
    if (!recorded) {
      LOG.warn(
          "Delivery {} ({}) was re-claimed by another worker while being sent; it may arrive twice",
          delivery.id(),
          delivery.eventId());
    }
  }
}
