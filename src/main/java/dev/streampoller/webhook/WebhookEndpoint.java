package dev.streampoller.webhook;

import dev.streampoller.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how one configured endpoint receives events.
 *
 * @param secrets signing secrets, current first; two during a rotation (both signatures are sent)
 * @param events event types it wants
 * @param accounts account ids it wants; empty for all
 * @param cloudflareSignature also send a Cloudflare-style {@code Webhook-Signature} header
 */
public record WebhookEndpoint(
    String name,
    URI url,
    List<Secret> secrets,
    Set<String> events,
    Set<String> accounts,
    boolean cloudflareSignature) {

  /** The endpoint name of deliveries to a video's own {@code callback_url}. */
  public static final String CALLBACK = "@callback";

  public WebhookEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    secrets = List.copyOf(secrets);
    events = Set.copyOf(events);
    accounts = Set.copyOf(accounts);
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("endpoint " + name + " needs a signing secret");
    }
  }

  public boolean accepts(String eventType, String accountId) {
    return events.contains(eventType) && (accounts.isEmpty() || accounts.contains(accountId));
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[" + name + " " + WebhookRequest.redact(url) + "]";
  }
}
