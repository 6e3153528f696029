package dev.streampoller.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** One webhook receiver; the URL's scheme in lower case; no accounts means all. */
public record WebhookEndpointConfig(
    String name,
    URI url,
    Secret secret,
    Optional<Secret> previousSecret,
    Set<String> events,
    Set<String> accounts,
    boolean cloudflareSignature) {
  /** Every event type an endpoint may ask for; also the default. */
  public static final List<String> EVENT_TYPES = List.of("download.ready", "download.error");

  /** The secrets to sign with: the current one first, then the previous one during a rotation. */
  public List<Secret> signingSecrets() {
    return Stream.concat(Stream.of(secret), previousSecret.stream()).toList();
  }

  /** Hides the secrets and the URL's user info and query. */
  @Override
  public String toString() {
    return ("WebhookEndpointConfig[name=%s, url=%s, secret=****, previousSecret=%s, events=%s,"
            + " accounts=%s, cloudflareSignature=%s]")
        .formatted(
            name,
            ValueType.redactUrl(url.toString()),
            previousSecret,
            events,
            accounts,
            cloudflareSignature);
  }
}
