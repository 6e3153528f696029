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
    Instant createdAt,
    String accountId,
    String videoUid) {
  /** {@link #lane()} in SQL, over the columns {@code endpoint} and {@code target_url}. */
  static final String LANE_SQL =
      "(CASE WHEN endpoint = '"
          + WebhookEndpoint.CALLBACK
          + "'"
          + " THEN '"
          + WebhookEndpoint.CALLBACK
          + " ' || target_url ELSE endpoint END)";

  public Delivery {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(target, "target");
  }

  /**
   * What is sent to one at a time: a configured endpoint, or each callback URL on its own, so one
   * tenant's dead callback never delays another's.
   */
  public String lane() {
    return WebhookEndpoint.CALLBACK.equals(endpoint)
        ? WebhookEndpoint.CALLBACK + " " + target
        : endpoint;
  }
}
