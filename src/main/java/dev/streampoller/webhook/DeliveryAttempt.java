package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streampoller.db.Database;
import dev.streampoller.ops.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one claimed delivery: signs it, POSTs it with {@link WebhookSender} and records
 * the outcome under the claim (delivered; due again after the retry schedule's delay; dead; a 410
 * disables a configured endpoint). Thread-safe; used by {@link WebhookDispatcher}'s threads.
 */
final class DeliveryAttempt {
  // The dispatcher's logger, as before this class was split from it: operators' filters still
  // match.
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int MAX_ERROR_LENGTH = 500;

  /** What one attempt came to. */
  enum Outcome {
    DELIVERED,
    FAILED,
    /** Failed with 410 Gone: the configured endpoint is disabled now. */
    GONE,
    /** Not sent: given back unsent. */
    NOT_SENT
  }

  private final Database database;
  private final DeliveryRepository deliveries = new DeliveryRepository();
  private final EndpointRepository endpoints = new EndpointRepository();
  private final WebhookRoutes routes;
  private final WebhookSender sender;
  private final RetrySchedule retrySchedule;
  private final Clock clock;
  private final MeterRegistry metrics;

  DeliveryAttempt(
      Database database,
      WebhookRoutes routes,
      WebhookSender sender,
      RetrySchedule retrySchedule,
      Clock clock,
      MeterRegistry metrics) {
    this.database = database;
    this.routes = routes;
    this.sender = sender;
    this.retrySchedule = retrySchedule;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Sends one delivery and records what came of it. */
  Outcome deliver(Delivery delivery, String token) {
    Optional<WebhookRoutes.Signing> signing = routes.signing(delivery.endpoint());
    if (signing.isEmpty()) {
      database.inTransaction(c -> deliveries.release(c, delivery.id(), token));
      return Outcome.NOT_SENT;
    }
    URI target = routes.currentUrl(delivery.endpoint()).orElse(delivery.target());
    byte[] body = delivery.payload().getBytes(UTF_8);
    WebhookRequest request =
        WebhookRequest.signed(
            signing.get().signer(), target, delivery.eventId(), clock.instant(), body);
    if (signing.get().cloudflareSecret().isPresent()) {
      // HTTP header names ignore case: Cloudflare's Webhook-Signature and Standard Webhooks'
      // webhook-signature are one header, so such an endpoint gets the Cloudflare format instead.
      request =
          new WebhookRequest(
              target,
              delivery.eventId(),
              request.timestamp(),
              CloudflareStyleSignature.header(
                  signing.get().cloudflareSecret().get(),
                  request.timestamp().getEpochSecond(),
                  body),
              body);
    }
    SendResult result = sender.send(request);
    Instant finished = now();
    if (result.success()) {
      metrics.counter(MetricNames.DELIVERIES, MetricNames.OUTCOME, "delivered").increment();
      int status = result.httpStatus().orElseThrow();
      recordOrWarn(
          delivery,
          database.inTransaction(
              c -> deliveries.markDelivered(c, delivery.id(), token, finished, status)));
      LOG.info(
          "Delivered {} {} to {} (attempt {}, HTTP {})",
          delivery.eventType(),
          delivery.eventId(),
          delivery.endpoint(),
          delivery.attempts() + 1,
          status);
      return Outcome.DELIVERED;
    }
    return recordFailure(delivery, token, result, finished) ? Outcome.GONE : Outcome.FAILED;
  }

  private boolean recordFailure(Delivery delivery, String token, SendResult result, Instant at) {
    int attemptsMade = delivery.attempts() + 1;
    boolean gone = result.httpStatus().isPresent() && result.httpStatus().getAsInt() == 410;
    Optional<Duration> delay =
        gone
            ? Optional.empty()
            : retrySchedule
                .delayAfterAttempt(attemptsMade)
                .map(d -> result.retryAfter().filter(ra -> ra.compareTo(d) > 0).orElse(d));
    @Nullable Instant next = delay.map(at::plus).orElse(null);
    @Nullable Integer status = storableStatus(result);
    String error = storable(result.error().orElse("failed"));
    recordOrWarn(
        delivery,
        database.inTransaction(
            c -> deliveries.markFailed(c, delivery.id(), token, at, status, error, next)));
    metrics
        .counter(MetricNames.DELIVERIES, MetricNames.OUTCOME, next == null ? "dead" : "failed")
        .increment();
    String target = WebhookRequest.redact(delivery.target());
    if (gone && !WebhookEndpoint.CALLBACK.equals(delivery.endpoint())) {
      boolean disabledNow =
          database.inTransaction(
              c -> endpoints.disable(c, delivery.endpoint(), "HTTP 410 Gone from " + target, at));
      if (disabledNow) {
        LOG.error(
            "Endpoint {} answered 410 Gone: disabled, its pending deliveries marked dead. Fix its"
                + " URL in the configuration (a new URL re-enables it) or run `stream-poller"
                + " deliveries enable {}`, then `deliveries redeliver --endpoint {}`",
            delivery.endpoint(),
            delivery.endpoint(),
            delivery.endpoint());
      }
    } else if (next == null) {
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
    return gone && !WebhookEndpoint.CALLBACK.equals(delivery.endpoint());
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

  private static void recordOrWarn(Delivery delivery, boolean recorded) {
    if (!recorded) {
      LOG.warn(
          "Delivery {} ({}) was re-claimed by another worker while being sent; it may arrive twice",
          delivery.id(),
          delivery.eventId());
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
