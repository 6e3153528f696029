package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streampoller.db.Database;
import dev.streampoller.ops.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends due outbox rows. Each round claims, with a lease, at most a few due deliveries of every
 * endpoint that is not busy, then hands each endpoint's share to the {@link Executor}: endpoints
 * are sent to in parallel and one at a time each, so a slow or dead endpoint only ever holds its
 * own slot and never delays the others. Each claim is renewed right before its POST; the outcome is
 * stored (delivered, due again after the retry schedule's delay, or dead). Nothing sleeps: a retry
 * is a stored {@code next_attempt_at}. A 410 Gone disables the endpoint. A crash between sending
 * and recording leaves the claim to expire, so the event is sent again with the same id.
 *
 * <p>Thread-safe; concurrent rounds, in one process or several, claim disjoint rows.
 */
public final class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int MAX_ERROR_LENGTH = 500;

  private final Database database;
  private final DeliveryRepository deliveries = new DeliveryRepository();
  private final EndpointRepository endpoints = new EndpointRepository();
  private final WebhookRoutes routes;
  private final WebhookSender sender;
  private final RetrySchedule retrySchedule;
  private final Clock clock;
  private final String owner;
  private final int perEndpoint;
  private final Duration lease;
  private final Executor executor;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final AtomicLong rounds = new AtomicLong();
  private final MeterRegistry metrics;
  private volatile boolean stopping;

  /**
   * @param perEndpoint deliveries of one endpoint claimed per round
   * @param executor runs each endpoint's share; {@code Runnable::run} sends in the calling thread
   */
  public WebhookDispatcher(
      Database database,
      WebhookRoutes routes,
      WebhookSender sender,
      RetrySchedule retrySchedule,
      Clock clock,
      String owner,
      int perEndpoint,
      Duration lease,
      Executor executor) {
    this(
        database,
        routes,
        sender,
        retrySchedule,
        clock,
        owner,
        perEndpoint,
        lease,
        executor,
        new SimpleMeterRegistry());
  }

  /** As above, counting deliveries by outcome in {@code metrics}. */
  public WebhookDispatcher(
      Database database,
      WebhookRoutes routes,
      WebhookSender sender,
      RetrySchedule retrySchedule,
      Clock clock,
      String owner,
      int perEndpoint,
      Duration lease,
      Executor executor,
      MeterRegistry metrics) {
    this.database = Objects.requireNonNull(database, "database");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.retrySchedule = Objects.requireNonNull(retrySchedule, "retrySchedule");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.perEndpoint = perEndpoint;
    this.lease = Objects.requireNonNull(lease, "lease");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Claims due deliveries of every idle endpoint and starts sending; returns how many. */
  public int dispatchBatch() {
    if (stopping) {
      return 0;
    }
    String token = owner + "/d" + rounds.incrementAndGet();
    Instant now = now();
    List<Delivery> claimed =
        database.inTransaction(
            c ->
                deliveries.claimDue(
                    c, token, now, lease, perEndpoint, routes.names(), List.copyOf(busy)));
    Map<String, List<Delivery>> byLane = new LinkedHashMap<>();
    claimed.forEach(d -> byLane.computeIfAbsent(d.lane(), e -> new ArrayList<>()).add(d));
    byLane.forEach(
        (lane, share) -> {
          if (!busy.add(lane)) {
            releaseAll(share, token);
            return;
          }
          try {
            executor.execute(() -> sendShare(lane, share, token));
          } catch (RejectedExecutionException e) {
            busy.remove(lane);
            releaseAll(share, token);
          }
        });
    return claimed.size();
  }

  /** Stops claiming; shares being sent give back what they have not sent yet. Idempotent. */
  public void stop() {
    stopping = true;
  }

  private void sendShare(String lane, List<Delivery> share, String token) {
    try {
      for (int i = 0; i < share.size(); i++) {
        Delivery delivery = share.get(i);
        try {
          if (stopping || !renew(delivery, token)) {
            release(delivery, token);
          } else {
            boolean gone;
            try (MDC.MDCCloseable e = MDC.putCloseable("endpoint", delivery.endpoint());
                MDC.MDCCloseable d = MDC.putCloseable("delivery", Long.toString(delivery.id()));
                MDC.MDCCloseable a = MDC.putCloseable("account", delivery.accountId());
                MDC.MDCCloseable v = MDC.putCloseable("video", delivery.videoUid())) {
              gone = deliver(delivery, token);
            }
            if (gone) {
              // The endpoint is disabled: the rest of this share is not sent, and is dead too.
              List<Delivery> rest = share.subList(i + 1, share.size());
              releaseAll(rest, token);
              Instant at = now();
              database.inTransaction(
                  c -> endpoints.markPendingDead(c, delivery.endpoint(), "HTTP 410 Gone", at));
              return;
            }
          }
        } catch (RuntimeException e) {
          // The claim expires and another attempt follows; the event is never dropped.
          LOG.error("Delivery {} ({}) could not be recorded", delivery.id(), delivery.eventId(), e);
        }
      }
    } finally {
      busy.remove(lane);
    }
  }

  private boolean renew(Delivery delivery, String token) {
    return database.inTransaction(
        c -> deliveries.renewClaim(c, delivery.id(), token, now().plus(lease)));
  }

  /** Sends one delivery; returns whether its endpoint answered 410 and is now disabled. */
  private boolean deliver(Delivery delivery, String token) {
    Optional<WebhookRoutes.Signing> signing = routes.signing(delivery.endpoint());
    if (signing.isEmpty()) {
      release(delivery, token);
      return false;
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
      return false;
    }
    return recordFailure(delivery, token, result, finished);
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

  private void releaseAll(List<Delivery> share, String token) {
    share.forEach(d -> release(d, token));
  }

  private void release(Delivery delivery, String token) {
    database.inTransaction(c -> deliveries.release(c, delivery.id(), token));
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
