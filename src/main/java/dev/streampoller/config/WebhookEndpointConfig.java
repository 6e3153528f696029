package dev.streampoller.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One webhook receiver: where deliveries go, how they are signed and which of them it wants.
 *
 * @param name {@value ConfigKeys#DEFAULT} for the endpoint of the {@code webhook.*} keys, else the
 *     {@code <name>} of its {@code webhook.endpoints.<name>.*} keys
 * @param url absolute http or https URL; its scheme is in lower case
 * @param secret Standard Webhooks signing secret, {@code whsec_<base64 of 24 to 64 bytes>}
 * @param previousSecret during a rotation, the secret being replaced: it stays valid, and both
 *     signatures are sent; same format, and different from {@code secret}
 * @param events the event types delivered, each one of {@link #EVENT_TYPES}; at least one
 *     (immutable, in the given order)
 * @param accounts the Cloudflare account ids whose events are delivered; empty means all accounts
 *     (immutable)
 * @param cloudflareSignature whether to also send a Cloudflare-Stream-style {@code
 *     Webhook-Signature: time=<unix>,sig1=<hex>} header, for receivers that reuse their Cloudflare
 *     verifier
 */
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

  /** Hides the secrets and the URL's user info and query, where receivers often take a token. */
  @Override
  public String toString() {
    return ("WebhookEndpointConfig[name=%s, url=%s, secret=****, previousSecret=%s, events=%s,"
            + " accounts=%s, cloudflareSignature=%s]")
        .formatted(
            name,
            Rule.redactUrl(url.toString()),
            previousSecret,
            events,
            accounts,
            cloudflareSignature);
  }
}
