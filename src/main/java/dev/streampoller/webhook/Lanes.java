package dev.streampoller.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lanes of one {@link WebhookDispatcher} ({@link Delivery#lane()}: a configured endpoint, or
 * one callback URL): how many shares each is sending here, which callbacks failed lately, and which
 * thread a share may take ({@link LanePermits}). A callback URL sends one share at a time, a
 * configured endpoint up to {@link SenderLimits#endpointThreads()}; callbacks whose last attempt
 * failed are sent from their own bounded pool. Thread-safe.
 */
final class Lanes {
  private final Map<String, Integer> inFlight = new HashMap<>();
  private final LanePermits permits;
  private final FailingLanes failing = new FailingLanes();
  private final int endpointThreads;

  Lanes(SenderLimits limits) {
    this.permits = new LanePermits(limits);
    this.endpointThreads = limits.endpointThreads();
  }

  /** The endpoints a round may claim: callbacks not at all while neither of their pools is free. */
  List<String> claimable(WebhookRoutes routes) {
    if (permits.hasRoom(LanePermits.Pool.CALLBACK)
        || permits.hasRoom(LanePermits.Pool.FAILING_CALLBACK)) {
      return routes.names();
    }
    return routes.names().stream().filter(n -> !WebhookEndpoint.CALLBACK.equals(n)).toList();
  }

  /** Lanes sending all the shares they may here, and failing callbacks while their pool is full. */
  synchronized List<String> skipped() {
    List<String> skipped = new ArrayList<>();
    inFlight.forEach(
        (lane, shares) -> {
          if (shares >= limit(lane)) {
            skipped.add(lane);
          }
        });
    if (!permits.hasRoom(LanePermits.Pool.FAILING_CALLBACK)) {
      skipped.addAll(failing.all());
    }
    return skipped;
  }

  /** How many more shares {@code lane} may send here now. */
  synchronized int free(String lane) {
    return Math.max(0, limit(lane) - inFlight.getOrDefault(lane, 0));
  }

  /**
   * Counts one more share of {@code lane} in flight and takes a thread of its pool for {@code
   * share}; empty, and nothing taken, when the lane sends all it may already or its pool has no
   * free thread.
   */
  synchronized Optional<LanePermits.Pool> take(String lane, List<Delivery> share) {
    LanePermits.Pool pool = poolFor(lane, share);
    int shares = inFlight.getOrDefault(lane, 0);
    if (shares >= limit(lane) || !permits.tryAcquire(pool)) {
      return Optional.empty();
    }
    inFlight.put(lane, shares + 1);
    return Optional.of(pool);
  }

  /** Gives back what {@link #take} took: the permit first, so an idle lane finds a free thread. */
  synchronized void giveBack(String lane, LanePermits.Pool pool) {
    permits.release(pool);
    inFlight.computeIfPresent(lane, (l, shares) -> shares > 1 ? shares - 1 : null);
  }

  /** Whether {@code lane} is a configured endpoint (not a callback URL). */
  static boolean isEndpoint(String lane) {
    return !isCallback(lane);
  }

  private int limit(String lane) {
    return isCallback(lane) ? 1 : endpointThreads;
  }

  /** A delivery of {@code lane} succeeded. */
  void succeeded(String lane) {
    failing.succeeded(lane);
  }

  /** A delivery of {@code lane} failed: a callback then goes to the failing pool. */
  void failed(String lane) {
    if (isCallback(lane)) {
      failing.failed(lane);
    }
  }

  private LanePermits.Pool poolFor(String lane, List<Delivery> share) {
    if (!isCallback(lane)) {
      return LanePermits.Pool.ENDPOINT;
    }
    // A retry in the share means the lane failed lately, maybe in another instance.
    return failing.contains(lane) || share.stream().anyMatch(d -> d.attempts() > 0)
        ? LanePermits.Pool.FAILING_CALLBACK
        : LanePermits.Pool.CALLBACK;
  }

  private static boolean isCallback(String lane) {
    return lane.startsWith(WebhookEndpoint.CALLBACK + " ");
  }
}
