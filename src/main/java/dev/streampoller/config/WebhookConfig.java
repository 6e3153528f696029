package dev.streampoller.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code webhook.*} keys. Endpoints: {@value ConfigKeys#DEFAULT} first, then by name; none, no
 * webhooks. {@code callbackSecret} is {@code webhook.callback-secret}, else {@code webhook.secret}.
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
  public boolean isEnabled() {
    return !endpoints.isEmpty();
  }

  public Optional<WebhookEndpointConfig> endpoint(String name) {
    return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
