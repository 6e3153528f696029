package dev.streampoller.polling;

import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.DeliveryRepository;
import dev.streampoller.webhook.WebhookEvents;
import dev.streampoller.webhook.WebhookRoutes;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the transitions that owe a webhook into outbox rows, in the caller's transaction: one row
 * per event and route, all rows of one event with one event id.
 *
 * <p>A download owes an event each time it enters {@code ready} or {@code error} ({@link
 * Transition#becameTerminal()}): first seen finished, or from any other status. A status going back
 * ({@code ready} to {@code inprogress}, as a re-generated download does) owes none; entering {@code
 * ready} or {@code error} again owes a new event with its own id and sequence. So that a flapping
 * answer cannot flood the receivers, one download sends at most one event per {@link
 * #MIN_EVENT_INTERVAL}: a later one within it is recorded as a transition, logged at WARN, and
 * sends nothing.
 */
final class EventOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);

  /** The shortest time between two events of one download. */
  static final Duration MIN_EVENT_INTERVAL = Duration.ofMinutes(10);

  private final WebhookRoutes routes;
  private final TransitionRepository transitions = new TransitionRepository();
  private final DeliveryRepository deliveries = new DeliveryRepository();

  EventOutbox(WebhookRoutes routes) {
    this.routes = routes;
  }

  /**
   * Enqueues the events of {@code terminal} (already inserted into the history) for {@code video};
   * returns how many outbox rows were written.
   */
  int enqueue(Connection c, TrackedVideo video, List<Transition> terminal) {
    VideoKey key = video.key();
    int count = 0;
    for (Transition transition : terminal) {
      String type = WebhookEvents.eventTypeFor(transition).orElseThrow();
      List<WebhookRoutes.Route> targets =
          routes.routesFor(type, key.accountId(), video.callbackUrl());
      if (targets.isEmpty() || tooSoon(c, key, transition)) {
        continue;
      }
      String eventId = WebhookEvents.newEventId();
      String payload = WebhookEvents.payload(type, key, transition).toString();
      for (WebhookRoutes.Route route : targets) {
        deliveries.enqueue(
            c,
            eventId,
            type,
            key,
            transition.downloadType(),
            payload,
            route.endpoint(),
            route.target(),
            transition.observedAt());
        count++;
      }
    }
    return count;
  }

  private boolean tooSoon(Connection c, VideoKey key, Transition transition) {
    Optional<Instant> previous =
        transitions.lastTerminalBefore(c, key, transition.downloadType(), transition.sequence());
    Instant at = transition.observedAt();
    if (previous.isEmpty() || !previous.get().plus(MIN_EVENT_INTERVAL).isAfter(at)) {
      return false;
    }
    LOG.warn(
        "{}: {} download is {} again (#{}) within {} of its previous event at {}; recorded, no"
            + " webhook sent",
        key,
        transition.downloadType(),
        transition.after().status(),
        transition.sequence(),
        MIN_EVENT_INTERVAL,
        previous.get());
    return true;
  }
}
