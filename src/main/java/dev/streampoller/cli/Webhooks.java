package dev.streampoller.cli;

import dev.streampoller.config.WebhookConfig;
import dev.streampoller.webhook.WebhookEndpoint;
import dev.streampoller.webhook.WebhookEvents;
import dev.streampoller.webhook.WebhookRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the webhook configuration into the routes the poll cycle and the dispatcher use. */
final class Webhooks {
  private Webhooks() {}

  static WebhookRoutes routes(WebhookConfig config) {
    List<WebhookEndpoint> endpoints = new ArrayList<>();
    if (config.url().isPresent()) {
      endpoints.add(
          new WebhookEndpoint(
              "default",
              config.url().get(),
              List.of(config.secret().orElseThrow()),
              Set.of(WebhookEvents.DOWNLOAD_READY, WebhookEvents.DOWNLOAD_ERROR),
              Set.of(),
              false));
    }
    return new WebhookRoutes(endpoints, config.secret().map(s -> s));
  }

  static int maxConcurrency(WebhookConfig config) {
    return 8;
  }
}
