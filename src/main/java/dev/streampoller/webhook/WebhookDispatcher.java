package dev.streampoller.webhook;

import dev.streampoller.db.Database;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends due outbox rows. Each round claims, with a lease, at most a few due deliveries of every
 * lane ({@link Delivery#lane()}: a configured endpoint, or one callback URL) that is idle and has a
 * free thread under its {@link SenderLimits}, then hands each lane's share to the {@link Executor}.
 * A callback URL sends one delivery at a time; a configured endpoint has {@link
 * SenderLimits#endpointThreads()} threads nobody else takes, each sending a share in order and then
 * going on with the endpoint's next due rows, and callback URLs whose last attempt failed are sent
 * from a separate, bounded set of threads, so a hanging receiver delays only itself (or other
 * failing callbacks). A share stops at its first failure and gives the rest back unsent. A claim is
 * renewed right before its POST unless it outlasts the attempt anyway; the outcome is stored
 * (delivered, due again after the retry schedule's delay, or dead). Nothing sleeps: a retry is a
 * stored {@code next_attempt_at}. A 410 Gone disables the endpoint; deliveries of a disabled
 * endpoint, enqueued before or after, are dead. A crash between sending and recording leaves the
 * claim to expire, so the event is sent again with the same id.
 *
 * <p>Thread-safe; concurrent rounds, in one process or several, claim disjoint rows.
 */
public final class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** Claim time kept beyond an attempt's bound, for clock differences between instances. */
  static final Duration RENEW_MARGIN = Duration.ofSeconds(5);

  private final Database database;
  private final DeliveryRepository deliveries = new DeliveryRepository();
  private final EndpointRepository endpoints = new EndpointRepository();
  private final WebhookRoutes routes;
  private final Clock clock;
  private final String owner;
  private final int perEndpoint;
  private final Duration lease;
  private final Executor executor;
  private final Lanes lanes;
  private final DeliveryAttempt attempt;
  private final Duration attemptBound;
  private final AtomicLong rounds = new AtomicLong();
  private volatile boolean stopping;

  /**
   * What the configuration decides of delivery ({@code webhook.*}) and who this instance is.
   *
   * @param owner this instance's id (unique per process); claim tokens are derived from it
   * @param perEndpoint deliveries of one endpoint claimed per round
   * @param lease how long a claim holds before another round may take it
   * @param retries when a failed delivery is due again, and when it is dead
   * @param limits the most threads of the executor held at once (plus one per configured endpoint;
   *     a share that finds no free thread is given back at once, never queued); {@link
   *     SenderLimits#UNLIMITED} for none
   */
  public record Settings(
      String owner, int perEndpoint, Duration lease, RetrySchedule retries, SenderLimits limits) {
    public Settings {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(retries, "retries");
      Objects.requireNonNull(limits, "limits");
    }
  }

  /**
   * @param executor runs each lane's share; {@code Runnable::run} sends in the calling thread. No
   *     limit on the threads it is asked for beyond {@link Settings#limits()}.
   * @param metrics where deliveries are counted by outcome
   */
  public WebhookDispatcher(
      Database database,
      WebhookRoutes routes,
      WebhookSender sender,
      Executor executor,
      Clock clock,
      Settings settings,
      MeterRegistry metrics) {
    this.database = Objects.requireNonNull(database, "database");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owner = settings.owner();
    this.perEndpoint = settings.perEndpoint();
    this.lease = settings.lease();
    this.executor = Objects.requireNonNull(executor, "executor");
    this.lanes = new Lanes(settings.limits());
    this.attemptBound = sender.timeout();
    this.attempt =
        new DeliveryAttempt(
            database,
            routes,
            Objects.requireNonNull(sender, "sender"),
            settings.retries(),
            clock,
            Objects.requireNonNull(metrics, "metrics"));
  }

  /**
   * Marks deliveries of disabled endpoints dead, claims due deliveries of every lane that can be
   * sent to now and starts sending them; returns how many were started (claimed rows that found no
   * free thread are given back and not counted).
   */
  public int dispatchBatch() {
    if (stopping) {
      return 0;
    }
    String token = owner + "/d" + rounds.incrementAndGet();
    Instant now = now();
    List<String> wanted = lanes.claimable(routes);
    List<String> skipped = lanes.skipped();
    List<Delivery> claimed =
        database.inTransaction(
            c -> {
              endpoints.markDisabledPendingDead(c, now);
              return deliveries.claimDue(c, token, now, lease, perEndpoint, wanted, skipped);
            });
    Map<String, List<Delivery>> byLane = new LinkedHashMap<>();
    claimed.forEach(d -> byLane.computeIfAbsent(d.lane(), e -> new ArrayList<>()).add(d));
    int started = 0;
    for (Map.Entry<String, List<Delivery>> rows : byLane.entrySet()) {
      started += startLane(rows.getKey(), rows.getValue(), token, now);
    }
    return started;
  }

  /**
   * Splits a lane's claimed rows, in order, into as many shares as the lane has free threads here,
   * and starts each; returns how many rows were started (the others were given back).
   */
  private int startLane(String lane, List<Delivery> rows, String token, Instant claimedAt) {
    int parts = Math.max(1, Math.min(rows.size(), lanes.free(lane)));
    int started = 0;
    int from = 0;
    for (int part = 0; part < parts; part++) {
      int to = from + (rows.size() - from + parts - part - 1) / (parts - part);
      List<Delivery> share = rows.subList(from, to);
      if (start(lane, share, token, claimedAt)) {
        started += share.size();
      }
      from = to;
    }
    return started;
  }

  /** Stops claiming; shares being sent give back what they have not sent yet. Idempotent. */
  public void stop() {
    stopping = true;
  }

  /**
   * Hands a share to a free thread of its pool; gives it back when there is none. A configured
   * endpoint's thread that delivered its whole share goes on with the endpoint's next due rows
   * ({@link #continueEndpoint}), so a backlog does not wait for the next round.
   */
  private boolean start(String lane, List<Delivery> share, String token, Instant claimedAt) {
    Optional<LanePermits.Pool> pool = lanes.take(lane, share);
    if (pool.isEmpty()) {
      releaseAll(share, token);
      return false;
    }
    try {
      executor.execute(
          () -> {
            try {
              if (sendShare(lane, share, token, claimedAt) && Lanes.isEndpoint(lane)) {
                continueEndpoint(lane);
              }
            } finally {
              lanes.giveBack(lane, pool.get());
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      lanes.giveBack(lane, pool.get());
      releaseAll(share, token);
      return false;
    }
  }

  /**
   * Claims and sends the endpoint's due rows a few at a time (one, doubling while each claim comes
   * back full, up to the batch size) until none is due, one is not delivered, or the dispatcher
   * stops. Each claim has a token of its own, as a round's has.
   */
  private void continueEndpoint(String lane) {
    int size = 1;
    try {
      while (!stopping) {
        String token = owner + "/d" + rounds.incrementAndGet();
        Instant now = now();
        int limit = size;
        List<Delivery> next =
            database.inTransaction(
                c -> deliveries.claimDueOfEndpoint(c, token, now, lease, lane, limit));
        if (next.isEmpty() || !sendShare(lane, next, token, now)) {
          return;
        }
        size = next.size() == size ? Math.min(perEndpoint, size * 2) : 1;
      }
    } catch (RuntimeException e) {
      // What it had claimed and not recorded comes back after the lease; the rounds go on.
      LOG.warn("Sending on to endpoint {} stopped: {}", lane, e.toString());
    }
  }

  /** Sends a share in order; true when every delivery of it was delivered. */
  private boolean sendShare(String lane, List<Delivery> share, String token, Instant claimedAt) {
    boolean allDelivered = true;
    for (int i = 0; i < share.size(); i++) {
      Delivery delivery = share.get(i);
      DeliveryAttempt.Outcome outcome;
      try {
        outcome = sendOne(delivery, token, claimedAt);
      } catch (RuntimeException e) {
        // The claim expires and another attempt follows; the event is never dropped.
        LOG.error("Delivery {} ({}) could not be recorded", delivery.id(), delivery.eventId(), e);
        allDelivered = false;
        continue;
      }
      if (outcome == DeliveryAttempt.Outcome.DELIVERED) {
        lanes.succeeded(lane);
      } else if (outcome == DeliveryAttempt.Outcome.FAILED
          || outcome == DeliveryAttempt.Outcome.GONE) {
        // Do not keep sending to a lane that just failed: the rest goes back, due as before.
        lanes.failed(lane);
        releaseAll(share.subList(i + 1, share.size()), token);
        if (outcome == DeliveryAttempt.Outcome.GONE) {
          Instant at = now();
          database.inTransaction(
              c -> endpoints.markPendingDead(c, delivery.endpoint(), "HTTP 410 Gone", at));
        }
        return false;
      } else {
        allDelivered = false;
      }
    }
    return allDelivered;
  }

  /**
   * Sends one delivery under its claim. The claim is renewed right before the POST unless what is
   * left of it outlasts the attempt (bounded by the sender's timeout) by {@link #RENEW_MARGIN}: a
   * share sent just after its claim saves a transaction per delivery, and no attempt can still run
   * when its claim expires.
   */
  private DeliveryAttempt.Outcome sendOne(Delivery delivery, String token, Instant claimedAt) {
    boolean fresh = now().plus(attemptBound).plus(RENEW_MARGIN).isBefore(claimedAt.plus(lease));
    if (stopping || !(fresh || renew(delivery, token))) {
      release(delivery, token);
      return DeliveryAttempt.Outcome.NOT_SENT;
    }
    try (MDC.MDCCloseable e = MDC.putCloseable("endpoint", delivery.endpoint());
        MDC.MDCCloseable d = MDC.putCloseable("delivery", Long.toString(delivery.id()));
        MDC.MDCCloseable a = MDC.putCloseable("account", delivery.accountId());
        MDC.MDCCloseable v = MDC.putCloseable("video", delivery.videoUid())) {
      return attempt.deliver(delivery, token);
    }
  }

  private boolean renew(Delivery delivery, String token) {
    return database.inTransaction(
        c -> deliveries.renewClaim(c, delivery.id(), token, now().plus(lease)));
  }

  private void releaseAll(List<Delivery> share, String token) {
    share.forEach(d -> release(d, token));
  }

  private void release(Delivery delivery, String token) {
    database.inTransaction(c -> deliveries.release(c, delivery.id(), token));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
