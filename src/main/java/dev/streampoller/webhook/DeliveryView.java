package dev.streampoller.webhook;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A {@code webhook_delivery} row as shown by the CLI. */
public record DeliveryView(
    long id,
    String eventId,
    String eventType,
    String endpoint,
    String accountId,
    String videoUid,
    String downloadType,
    String state,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant deliveredAt,
    @Nullable Integer lastHttpStatus,
    @Nullable String lastError) {}
