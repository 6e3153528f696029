package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.WEBHOOK_BATCH_SIZE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_CALLBACK_SECRET;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_CHECK_INTERVAL;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_LEASE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_MAX_CONCURRENCY;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_RETRY_SCHEDULE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_SECRET;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_URL;
import static dev.streampoller.config.PropertyReader.BOOLEAN;
import static dev.streampoller.config.PropertyReader.DURATION;
import static dev.streampoller.config.PropertyReader.INTEGER;
import static dev.streampoller.config.PropertyReader.TEXT;
import static dev.streampoller.config.PropertyReader.URL;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code webhook.*} keys: the default endpoint ({@code webhook.url} and its siblings),
 * the further endpoints ({@code webhook.endpoints.<name>.*}, in name order) and the settings they
 * share. Like every reader it reports problems instead of throwing, and reads on past them.
 */
final class WebhookReader {
  /** One endpoint as far as it could be read; a null field was already reported. */
  record Endpoint(
      EndpointKeys keys,
      String name,
      @Nullable URI url,
      @Nullable Optional<Secret> secret,
      @Nullable Optional<Secret> previousSecret,
      @Nullable List<String> events,
      @Nullable List<String> accounts,
      @Nullable Boolean cloudflareSignature) {
    WebhookEndpointConfig toConfig() {
      return new WebhookEndpointConfig(
          name,
          Objects.requireNonNull(url),
          Objects.requireNonNull(secret).orElseThrow(),
          Objects.requireNonNull(previousSecret),
          new LinkedHashSet<>(Objects.requireNonNull(events)),
          new LinkedHashSet<>(Objects.requireNonNull(accounts)),
          Objects.requireNonNull(cloudflareSignature));
    }
  }

  /** Everything read; {@link #toConfig()} once no problem was found. */
  record Read(
      @Nullable Optional<URI> url,
      @Nullable Optional<Secret> secret,
      List<Endpoint> endpoints,
      @Nullable Optional<Secret> callbackSecret,
      @Nullable List<Duration> retrySchedule,
      @Nullable Duration timeout,
      @Nullable Integer maxConcurrency,
      @Nullable Integer batchSize,
      @Nullable Duration checkInterval,
      @Nullable Duration lease) {
    WebhookConfig toConfig() {
      return new WebhookConfig(
          Objects.requireNonNull(url),
          Objects.requireNonNull(secret),
          Objects.requireNonNull(retrySchedule),
          Objects.requireNonNull(timeout),
          Objects.requireNonNull(batchSize),
          Objects.requireNonNull(checkInterval),
          Objects.requireNonNull(lease),
          endpoints.stream().map(Endpoint::toConfig).toList(),
          Objects.requireNonNull(callbackSecret),
          Objects.requireNonNull(maxConcurrency));
    }
  }

  private WebhookReader() {}

  static Read read(PropertyReader in, Problems problems) {
    List<Endpoint> endpoints = new ArrayList<>();
    EndpointKeys defaultKeys = EndpointKeys.of(EndpointKeys.DEFAULT_NAME);
    @Nullable Optional<URI> url = in.optional(WEBHOOK_URL, URL);
    @Nullable Optional<Secret> secret = signingSecret(in, problems, WEBHOOK_SECRET);
    if (url != null && url.isEmpty()) {
      reportWithoutUrl(in, problems, defaultKeys);
      // Without an endpoint, webhook.secret may still sign callback URLs: its shape matters.
      if (secret != null) {
        secret.ifPresent(s -> WebhookEndpointConfig.validateSecret(problems, WEBHOOK_SECRET, s));
      }
      // The endpoint's other values are still checked: the fix may well be to add the url.
      readEndpoint(in, problems, EndpointKeys.DEFAULT_NAME, null, null);
    } else {
      endpoints.add(
          readEndpoint(
              in, problems, EndpointKeys.DEFAULT_NAME, url == null ? null : url.get(), secret));
    }
    for (String name : endpointNames(in)) {
      if (name.equals(EndpointKeys.DEFAULT_NAME)) {
        reportReservedName(in, problems);
        continue;
      }
      EndpointKeys keys = EndpointKeys.of(name);
      @Nullable Optional<URI> endpointUrl = in.optional(keys.url(), URL);
      if (endpointUrl != null && endpointUrl.isEmpty()) {
        problems.add(keys.url(), "is required");
      }
      URI known = endpointUrl == null ? null : endpointUrl.orElse(null);
      endpoints.add(
          readEndpoint(in, problems, name, known, signingSecret(in, problems, keys.secret())));
    }

    @Nullable Optional<Secret> callback = signingSecret(in, problems, WEBHOOK_CALLBACK_SECRET);
    // Item by item, so that every bad delay is named, whether unreadable or not positive.
    @Nullable List<@Nullable Duration> retryItems =
        in.items(WEBHOOK_RETRY_SCHEDULE, WebhookConfig.DEFAULT_RETRY_SCHEDULE, DURATION);
    @Nullable Duration timeout =
        in.withDefault(WEBHOOK_TIMEOUT, WebhookConfig.DEFAULT_TIMEOUT, DURATION);
    @Nullable Integer concurrency =
        in.withDefault(WEBHOOK_MAX_CONCURRENCY, WebhookConfig.DEFAULT_MAX_CONCURRENCY, INTEGER);
    @Nullable Integer batch =
        in.withDefault(WEBHOOK_BATCH_SIZE, WebhookConfig.DEFAULT_BATCH_SIZE, INTEGER);
    @Nullable Duration check =
        in.withDefault(WEBHOOK_CHECK_INTERVAL, WebhookConfig.DEFAULT_CHECK_INTERVAL, DURATION);
    @Nullable Duration lease = in.withDefault(WEBHOOK_LEASE, WebhookConfig.DEFAULT_LEASE, DURATION);
    WebhookConfig.validate(
        problems, retryItems, timeout, batch, check, lease, callback, concurrency);
    @Nullable List<Duration> retries = PropertyReader.allRead(retryItems);
    return new Read(
        url, secret, endpoints, callback, retries, timeout, concurrency, batch, check, lease);
  }

  /**
   * A problem for a key of an endpoint whose name is malformed, which would otherwise be reported
   * as merely unknown.
   */
  static Optional<String> badName(String key) {
    return EndpointKeys.parse(key)
        .filter(parsed -> parsed.knownSuffix() && !parsed.validName())
        .map(
            parsed ->
                "endpoint name must be 1 to 32 characters a-z, 0-9 or -, was '"
                    + parsed.name()
                    + "'");
  }

  private static Endpoint readEndpoint(
      PropertyReader in,
      Problems problems,
      String name,
      @Nullable URI url,
      @Nullable Optional<Secret> secret) {
    EndpointKeys keys = EndpointKeys.of(name);
    @Nullable Optional<Secret> previous = signingSecret(in, problems, keys.previousSecret());
    @Nullable List<String> events = in.list(keys.events(), WebhookEndpointConfig.EVENT_TYPES, TEXT);
    @Nullable List<String> accounts = in.list(keys.accounts(), List.of(), TEXT);
    @Nullable Boolean cloudflare = in.withDefault(keys.cloudflareSignature(), false, BOOLEAN);
    WebhookEndpointConfig.validate(problems, keys, url, secret, previous, events, accounts);
    return new Endpoint(keys, name, url, secret, previous, events, accounts, cloudflare);
  }

  /**
   * A Standard Webhooks secret; when it is set both inline and as a file, the shape of each is
   * still checked, each named by its own key.
   */
  private static @Nullable Optional<Secret> signingSecret(
      PropertyReader in, Problems problems, String key) {
    return in.secret(
        key, (from, value) -> WebhookEndpointConfig.validateSecret(problems, from, value));
  }

  // The default endpoint's own keys mean nothing without its URL; ignoring them would hide a
  // forgotten or misspelt webhook.url.
  private static void reportWithoutUrl(PropertyReader in, Problems problems, EndpointKeys keys) {
    for (String suffix : EndpointKeys.SUFFIXES) {
      String key = keys.key(suffix);
      boolean secretKey = suffix.startsWith(EndpointKeys.SECRET);
      if (!secretKey && !key.equals(keys.url()) && in.isSet(key)) {
        problems.add(key, "is set but " + keys.url() + " is not; it configures that endpoint");
      }
    }
  }

  private static void reportReservedName(PropertyReader in, Problems problems) {
    String reserved = EndpointKeys.ENDPOINTS_PREFIX + EndpointKeys.DEFAULT_NAME + ".";
    EndpointKeys single = EndpointKeys.of(EndpointKeys.DEFAULT_NAME);
    for (String suffix : EndpointKeys.SUFFIXES) {
      if (in.isSet(reserved + suffix)) {
        problems.add(
            reserved + suffix,
            "the endpoint named default is the one of the webhook.* keys; set "
                + single.key(suffix)
                + " instead, or give this endpoint another name");
      }
    }
  }

  /** Only known keys make an endpoint: a lone typo is reported as an unknown key. */
  private static TreeSet<String> endpointNames(PropertyReader in) {
    TreeSet<String> names = new TreeSet<>();
    for (String key : in.keys()) {
      EndpointKeys.parse(key)
          .filter(EndpointKeys.Parsed::validName)
          .filter(EndpointKeys.Parsed::knownSuffix)
          .ifPresent(parsed -> names.add(parsed.name()));
    }
    return names;
  }
}
