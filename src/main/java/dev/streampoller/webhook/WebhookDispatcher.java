package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streampoller.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due outbox rows: claims a batch with a lease, signs and POSTs each, and stores the outcome
 * (delivered, due again after the retry schedule's delay, or dead). Nothing sleeps: a retry is a
 * stored {@code next_attempt_at}. A crash between sending and recording leaves the claim to expire,
 * so the event is sent again with the same id (at least once).
 *
 * <p>Thread-safe: concurrent {@link #dispatchBatch()} calls, in one process or several, claim
 * disjoint rows.
 */
public final class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final Database database;
  private final DeliveryRepository deliveries;
  private final WebhookSigner signer;
  private final WebhookSender sender;
  private final RetrySchedule retrySchedule;
  private final Clock clock;
  private final String owner;
  private final int batchSize;
  private final Duration lease;

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

  /** Claims and sends one batch of due deliveries; returns how many were attempted. */
  public int dispatchBatch() {
    Instant now = clock.instant();
    List<Delivery> claimed =
        database.inTransaction(c -> deliveries.claimDue(c, owner, now, lease, batchSize));
    for (Delivery delivery : claimed) {
      try {
        deliver(delivery);
      } catch (RuntimeException e) {
        // The claim expires and another attempt follows; the event is never dropped.
        LOG.error("Delivery {} ({}) could not be recorded", delivery.id(), delivery.eventId(), e);
      }
    }
    return claimed.size();
  }

  private void deliver(Delivery delivery) {
    WebhookRequest request =
        WebhookRequest.signed(
            signer,
            delivery.target(),
            delivery.eventId(),
            clock.instant(),
            delivery.payload().getBytes(UTF_8));
    SendResult result = sender.send(request);
    Instant finished = clock.instant();
    if (result.success()) {
      int status = result.httpStatus().orElseThrow();
      recordOrWarn(
          delivery,
          database.inTransaction(
              c -> deliveries.markDelivered(c, delivery.id(), owner, finished, status)));
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
    @Nullable Integer status =
        result.httpStatus().isPresent() ? result.httpStatus().getAsInt() : null;
    String error = result.error().orElse("failed");
    recordOrWarn(
        delivery,
        database.inTransaction(
            c -> deliveries.markFailed(c, delivery.id(), owner, finished, status, error, next)));
    if (next == null) {
      LOG.error(
          "Delivery {} ({}) to {} is dead after {} attempts: {}",
          delivery.id(),
          delivery.eventId(),
          delivery.target(),
          attemptsMade,
          error);
    } else {
      LOG.warn(
          "Delivery {} ({}) attempt {} failed: {}; next attempt at {}",
          delivery.id(),
          delivery.eventId(),
          attemptsMade,
          error,
          next);
    }
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
