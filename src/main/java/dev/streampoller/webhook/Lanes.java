package dev.streampoller.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lanes of one {@link WebhookDispatcher} ({@link Delivery#lane()}: a configured endpoint, or
 * one callback URL): which are being sent to here, which callbacks failed lately, and which thread
 * a share may take ({@link LanePermits}). A lane sends one share at a time; callbacks whose last
 * attempt failed are sent from their own bounded pool. Thread-safe.
 */
final class Lanes {
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final LanePermits permits;
  private final FailingLanes failing = new FailingLanes();

  Lanes(SenderLimits limits) {
    this.permits = new LanePermits(limits);
  }

  /** The endpoints a round may claim: callbacks not at all while neither of their pools is free. */
  List<String> claimable(WebhookRoutes routes) {
    if (permits.hasRoom(LanePermits.Pool.CALLBACK)
        || permits.hasRoom(LanePermits.Pool.FAILING_CALLBACK)) {
      return routes.names();
    }
    return routes.names().stream().filter(n -> !WebhookEndpoint.CALLBACK.equals(n)).toList();
  }

  /** Lanes being sent to here, and the failing callbacks while their pool is full. */
  List<String> skipped() {
    List<String> skipped = new ArrayList<>(busy);
    if (!permits.hasRoom(LanePermits.Pool.FAILING_CALLBACK)) {
      skipped.addAll(failing.all());
    }
    return skipped;
  }

  /**
   * Marks {@code lane} busy and takes a thread of its pool for {@code share}; empty, and nothing
   * taken, when the lane is busy already or its pool has no free thread.
   */
  Optional<LanePermits.Pool> take(String lane, List<Delivery> share) {
    LanePermits.Pool pool = poolFor(lane, share);
    if (!busy.add(lane)) {
      return Optional.empty();
    }
    if (!permits.tryAcquire(pool)) {
      busy.remove(lane);
      return Optional.empty();
    }
    return Optional.of(pool);
  }

  /** Gives back what {@link #take} took: the permit first, so an idle lane finds a free thread. */
  void giveBack(String lane, LanePermits.Pool pool) {
    permits.release(pool);
    busy.remove(lane);
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
