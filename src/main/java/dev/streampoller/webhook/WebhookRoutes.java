package dev.streampoller.webhook;

import dev.streampoller.config.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which endpoints an event goes to, and how each is signed: the configured endpoints (filtered by
 * event type and account) plus, when a video has one, its own callback URL. Immutable.
 */
public final class WebhookRoutes {
  /** One delivery to create for an event. */
  public record Route(String endpoint, URI target) {}

  /** How deliveries to one endpoint are signed. */
  public record Signing(WebhookSigner signer, Optional<Secret> cloudflareSecret) {}

  private final Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();
  private final Map<String, Signing> signings = new LinkedHashMap<>();
  private final Optional<Secret> callbackSecret;

  public WebhookRoutes(List<WebhookEndpoint> endpoints, Optional<Secret> callbackSecret) {
    for (WebhookEndpoint e : endpoints) {
      this.endpoints.put(e.name(), e);
      signings.put(
          e.name(),
          new Signing(
              new WebhookSigner(e.secrets()),
              e.cloudflareSignature() ? Optional.of(e.secrets().get(0)) : Optional.empty()));
    }
    callbackSecret.ifPresent(
        secret ->
            signings.put(
                WebhookEndpoint.CALLBACK,
                new Signing(new WebhookSigner(List.of(secret)), Optional.empty())));
    this.callbackSecret = callbackSecret;
  }

  /** No webhooks at all: transitions are only recorded. */
  public static WebhookRoutes none() {
    return new WebhookRoutes(List.of(), Optional.empty());
  }

  /** Every endpoint that wants this event, and the video's callback when it has one. */
  public List<Route> routesFor(String eventType, String accountId, @Nullable URI callbackUrl) {
    List<Route> routes = new ArrayList<>();
    for (WebhookEndpoint endpoint : endpoints.values()) {
      if (endpoint.accepts(eventType, accountId)) {
        // Recorded without user-info or query (often tokens); the configured URL is used to send.
        routes.add(new Route(endpoint.name(), URI.create(WebhookRequest.redact(endpoint.url()))));
      }
    }
    if (callbackUrl != null && callbackSecret.isPresent()) {
      routes.add(new Route(WebhookEndpoint.CALLBACK, callbackUrl));
    }
    return routes;
  }

  /** The current URL of a configured endpoint; callbacks keep the URL stored with the delivery. */
  public Optional<URI> currentUrl(String endpoint) {
    return Optional.ofNullable(endpoints.get(endpoint)).map(WebhookEndpoint::url);
  }

  public Optional<Signing> signing(String endpoint) {
    return Optional.ofNullable(signings.get(endpoint));
  }

  /** Endpoint names this instance can sign for ({@link WebhookEndpoint#CALLBACK} included). */
  public List<String> names() {
    return List.copyOf(signings.keySet());
  }

  public List<WebhookEndpoint> endpoints() {
    return List.copyOf(endpoints.values());
  }

  public boolean isEmpty() {
    return names().isEmpty();
  }
}
