package dev.streampoller.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One webhook receiver: where deliveries go, how they are signed and which of them it wants.
 *
 * @param name 1 to 32 characters {@code a-z}, {@code 0-9} or {@code -}; {@value
 *     EndpointKeys#DEFAULT_NAME} is the endpoint of the single-endpoint keys {@code webhook.url}
 *     etc., any other one is configured under {@code webhook.endpoints.<name>.}
 * @param url absolute http or https URL; its scheme is stored in lower case
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
  public static final String DEFAULT_NAME = EndpointKeys.DEFAULT_NAME;
  public static final String EVENT_DOWNLOAD_READY = "download.ready";
  public static final String EVENT_DOWNLOAD_ERROR = "download.error";

  /** Every event type an endpoint may ask for; also the default. */
  public static final List<String> EVENT_TYPES =
      List.of(EVENT_DOWNLOAD_READY, EVENT_DOWNLOAD_ERROR);

  /**
   * Validates every field; throws {@link ConfigException} naming the fields by this endpoint's keys
   * ({@code webhook.url} for the default endpoint, {@code webhook.endpoints.<name>.url} for the
   * others).
   */
  public WebhookEndpointConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(previousSecret, "previousSecret");
    events = Collections.unmodifiableSet(new LinkedHashSet<>(events));
    accounts = Collections.unmodifiableSet(new LinkedHashSet<>(accounts));
    Problems problems = new Problems();
    if (!EndpointKeys.validEndpointName(name)) {
      problems.add(
          EndpointKeys.pattern(EndpointKeys.URL),
          "endpoint name must be 1 to 32 characters a-z, 0-9 or -, was '" + name + "'");
    }
    validate(
        problems,
        EndpointKeys.of(name),
        url,
        Optional.of(secret),
        previousSecret,
        List.copyOf(events),
        List.copyOf(accounts));
    problems.throwIfAny(null);
    url = normaliseScheme(url);
  }

  /** An endpoint for every event of every account, one secret, no Cloudflare-style header. */
  public static WebhookEndpointConfig of(String name, URI url, Secret secret) {
    return new WebhookEndpointConfig(
        name, url, secret, Optional.empty(), new LinkedHashSet<>(EVENT_TYPES), Set.of(), false);
  }

  /** The secrets to sign with: the current one first, then the previous one during a rotation. */
  public List<Secret> signingSecrets() {
    List<Secret> all = new ArrayList<>(2);
    all.add(secret);
    previousSecret.ifPresent(all::add);
    return List.copyOf(all);
  }

  /**
   * Whether this endpoint wants an event of {@code eventType} about a video of {@code accountId}.
   */
  public boolean accepts(String eventType, String accountId) {
    return events.contains(eventType) && (accounts.isEmpty() || accounts.contains(accountId));
  }

  /** Hides the secrets and the URL's user info and query, where receivers often take a token. */
  @Override
  public String toString() {
    return "WebhookEndpointConfig[name="
        + name
        + ", url="
        + Rules.redactUrl(url.toString())
        + ", secret=****, previousSecret="
        + previousSecret
        + ", events="
        + events
        + ", accounts="
        + accounts
        + ", cloudflareSignature="
        + cloudflareSignature
        + "]";
  }

  /**
   * The rules of one endpoint, named by {@code keys}. A null argument means "could not be read,
   * already reported": its rules are skipped. An empty {@code secret} is a problem.
   */
  static void validate(
      Problems p,
      EndpointKeys keys,
      @Nullable URI url,
      @Nullable Optional<Secret> secret,
      @Nullable Optional<Secret> previousSecret,
      @Nullable List<String> events,
      @Nullable List<String> accounts) {
    Rules.httpUrl(p, keys.url(), url);
    if (secret != null) {
      if (secret.isEmpty()) {
        p.add(
            keys.secret(),
            keys.isDefault()
                ? "is required when " + keys.url() + " is set"
                : "is required (or " + keys.secretFile() + ")");
      }
      secret.ifPresent(s -> validateSecret(p, keys.secret(), s));
    }
    if (previousSecret != null && previousSecret.isPresent()) {
      validateSecret(p, keys.previousSecret(), previousSecret.get());
      if (secret != null && previousSecret.equals(secret)) {
        p.add(keys.previousSecret(), "must differ from " + keys.secret() + " (values hidden)");
      }
    }
    if (events != null) {
      if (events.isEmpty()) {
        p.add(keys.events(), "must list at least one of " + String.join(", ", EVENT_TYPES));
      }
      for (String event : events) {
        if (!EVENT_TYPES.contains(event)) {
          p.add(
              keys.events(),
              "unknown event '" + event + "'; allowed: " + String.join(", ", EVENT_TYPES));
        }
      }
    }
    if (accounts != null) {
      for (String account : accounts) {
        if (!AccountConfig.ACCOUNT_ID.matcher(account).matches()) {
          p.add(
              keys.accounts(),
              "account id must be 1 to 32 letters or digits, was '" + account + "'");
        }
      }
    }
  }

  // Messages describe the shape only: the value is a secret.
  static void validateSecret(Problems p, String key, Secret secret) {
    String value = secret.reveal();
    String prefix = WebhookConfig.SECRET_PREFIX;
    if (!value.startsWith(prefix)) {
      p.add(key, "must start with " + prefix + " (value hidden)");
      return;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      p.add(key, "must be " + prefix + " followed by base64 (value hidden)");
      return;
    }
    int min = WebhookConfig.MIN_SECRET_BYTES;
    int max = WebhookConfig.MAX_SECRET_BYTES;
    if (bytes.length < min || bytes.length > max) {
      p.add(
          key,
          "must decode to "
              + min
              + " to "
              + max
              + " bytes, decoded to "
              + bytes.length
              + " (value hidden)");
    }
  }

  /** Receivers compare URLs as text; a scheme written {@code HTTPS} is the same endpoint. */
  static URI normaliseScheme(URI url) {
    String scheme = url.getScheme();
    if (scheme == null || scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
      return url;
    }
    return URI.create(scheme.toLowerCase(Locale.ROOT) + url.toString().substring(scheme.length()));
  }
}
