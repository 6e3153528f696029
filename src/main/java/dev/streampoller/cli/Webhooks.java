package dev.streampoller.cli;

import dev.streampoller.config.WebhookConfig;
import dev.streampoller.config.WebhookEndpointConfig;
import dev.streampoller.webhook.WebhookEndpoint;
import dev.streampoller.webhook.WebhookRoutes;

/** Turns the webhook configuration into the routes the poll cycle and the dispatcher use. */
final class Webhooks {
  private Webhooks() {}

  static WebhookRoutes routes(WebhookConfig config) {
    return new WebhookRoutes(
        config.endpoints().stream().map(Webhooks::endpoint).toList(), config.callbackSecret());
  }

  private static WebhookEndpoint endpoint(WebhookEndpointConfig endpoint) {
    return new WebhookEndpoint(
        endpoint.name(),
        endpoint.url(),
        endpoint.signingSecrets(),
        endpoint.events(),
        endpoint.accounts(),
        endpoint.cloudflareSignature());
  }
}
