package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.WEBHOOK_SECRET;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_URL;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that span webhook endpoints, for a {@link WebhookConfig} built in code: names are
 * unique, and the single-endpoint fields {@code url} and {@code secret} describe the endpoint named
 * {@code default}. (A loaded file satisfies them by construction: one key per name.)
 */
final class EndpointRules {
  private EndpointRules() {}

  /** {@code url} and {@code secret} must describe the {@code default} endpoint exactly. */
  static void validate(
      Problems p, Optional<URI> url, Optional<Secret> secret, List<WebhookEndpointConfig> all) {
    Set<String> names = new HashSet<>();
    for (WebhookEndpointConfig endpoint : all) {
      if (!names.add(endpoint.name())) {
        p.add(EndpointKeys.of(endpoint.name()).url(), "endpoint name is used more than once");
      }
    }
    Optional<WebhookEndpointConfig> def =
        all.stream().filter(e -> e.name().equals(EndpointKeys.DEFAULT_NAME)).findFirst();
    if (def.isEmpty()) {
      if (url.isPresent()) {
        Rules.httpUrl(p, WEBHOOK_URL, url.get());
        if (secret.isEmpty()) {
          p.add(WEBHOOK_SECRET, "is required when " + WEBHOOK_URL + " is set");
        } else {
          p.add(WEBHOOK_URL, "is set but endpoints has no endpoint named default");
        }
      }
      // Without an endpoint, webhook.secret may still sign callback URLs: its shape matters.
      secret.ifPresent(s -> WebhookEndpointConfig.validateSecret(p, WEBHOOK_SECRET, s));
      return;
    }
    if (!url.equals(Optional.of(def.get().url()))) {
      p.add(WEBHOOK_URL, "must be the url of the endpoint named default");
    }
    if (!secret.equals(Optional.of(def.get().secret()))) {
      p.add(WEBHOOK_SECRET, "must be the secret of the endpoint named default (values hidden)");
    }
  }

  /** The {@code default} endpoint first, the others in their order; immutable. */
  static List<WebhookEndpointConfig> defaultFirst(List<WebhookEndpointConfig> endpoints) {
    List<WebhookEndpointConfig> ordered = new ArrayList<>(endpoints.size());
    endpoints.stream()
        .filter(e -> e.name().equals(EndpointKeys.DEFAULT_NAME))
        .forEach(ordered::add);
    endpoints.stream()
        .filter(e -> !e.name().equals(EndpointKeys.DEFAULT_NAME))
        .forEach(ordered::add);
    return List.copyOf(ordered);
  }
}
