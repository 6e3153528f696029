package dev.streampoller.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Webhook delivery: the {@code webhook.*} keys; see {@link ConfigKeys} and docs/configuration.md.
 * Endpoints: the one named {@value ConfigKeys#DEFAULT} first, then by name; without any,
 * transitions are recorded but no webhook is sent. Lists are immutable. {@code callbackSecret}
 * signs per-video callback URLs: {@code webhook.callback-secret}, else {@code webhook.secret},
 * which may be set without {@code webhook.url} for that purpose.
 */
public record WebhookConfig(
    List<WebhookEndpointConfig> endpoints,
    Optional<Secret> callbackSecret,
    List<Duration> retrySchedule,
    Duration timeout,
    int maxConcurrency,
    int endpointConcurrency,
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
