package dev.streampoller.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** A claimed {@code webhook_delivery} row, ready to be sent. */
public record Delivery(
    long id,
    String eventId,
    String eventType,
    String payload,
    String endpoint,
    URI target,
    int attempts,
    Instant createdAt) {
  public Delivery {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(target, "target");
  }
}
