package dev.streampoller.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Webhook delivery. Without any endpoint, transitions are still recorded but no webhook is sent.
 *
 * @param endpoints every endpoint, the one named {@value ConfigKeys#DEFAULT} ({@code webhook.url})
 *     first, then by name (immutable)
 * @param callbackSecret the secret that signs per-video callback URLs: {@code
 *     webhook.callback-secret}, else {@code webhook.secret} (which may be set without {@code
 *     webhook.url} for that purpose); empty when neither is set
 * @param ownCallbackSecret whether {@code callbackSecret} is {@code webhook.callback-secret}
 * @param retrySchedule delay before each retry after a failed attempt; the last entry is the last
 *     retry (immutable, at least one, each positive)
 * @param timeout per-attempt HTTP timeout
 * @param maxConcurrency sender threads shared by per-video callback URLs; failing callbacks share a
 *     quarter of it more, and each configured endpoint has a thread of its own on top (see {@code
 *     dev.streampoller.webhook.SenderLimits})
 * @param batchSize deliveries claimed per webhook-job run
 * @param checkInterval how often the webhook job looks for due deliveries
 * @param lease how long a claim on a delivery lasts; longer than {@code timeout}
 */
public record WebhookConfig(
    List<WebhookEndpointConfig> endpoints,
    Optional<Secret> callbackSecret,
    boolean ownCallbackSecret,
    List<Duration> retrySchedule,
    Duration timeout,
    int maxConcurrency,
    int batchSize,
    Duration checkInterval,
    Duration lease) {
  public WebhookConfig {
    endpoints = List.copyOf(endpoints);
    retrySchedule = List.copyOf(retrySchedule);
  }

  /** Whether webhooks are sent at all: whether any endpoint exists. */
  public boolean isEnabled() {
    return !endpoints.isEmpty();
  }

  /** The endpoint named {@code name}, if configured. */
  public Optional<WebhookEndpointConfig> endpoint(String name) {
    return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
