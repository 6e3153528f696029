package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.WEBHOOK_BATCH_SIZE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_CALLBACK_SECRET;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_CHECK_INTERVAL;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_LEASE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_MAX_CONCURRENCY;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_RETRY_SCHEDULE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_TIMEOUT;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Webhook delivery. Without any endpoint, transitions are still recorded but no webhook is sent.
 *
 * @param url the receiver of the endpoint named {@code default} ({@code webhook.url}); empty when
 *     there is no such endpoint. Its scheme is stored in lower case.
 * @param secret the signing secret of the {@code default} endpoint ({@code webhook.secret}), {@code
 *     whsec_<base64 of 24 to 64 bytes>}; required when {@code url} is present
 * @param retrySchedule delay before each retry after a failed attempt; the last entry is the last
 *     retry (immutable, at least one, each positive)
 * @param timeout per-attempt HTTP timeout
 * @param batchSize deliveries claimed per webhook-job run
 * @param checkInterval how often the webhook job looks for due deliveries
 * @param lease how long a claim on a delivery lasts; longer than {@code timeout}
 * @param endpoints every endpoint, the {@code default} one first when present, names unique
 *     (immutable); its {@code default} endpoint is the one {@code url} and {@code secret} describe
 * @param callbackSecretOverride the secret that signs per-video callback URLs ({@code
 *     webhook.callback-secret}); when empty, {@code secret} signs them (see {@link
 *     #callbackSecret()})
 * @param maxConcurrency sender threads shared by per-video callback URLs, {@value #MIN_CONCURRENCY}
 *     to {@value #MAX_CONCURRENCY}; failing callbacks share a quarter of it more, and each
 *     configured endpoint has a thread of its own on top (see {@code
 *     dev.streampoller.webhook.SenderLimits})
 */
public record WebhookConfig(
    Optional<URI> url,
    Optional<Secret> secret,
    List<Duration> retrySchedule,
    Duration timeout,
    int batchSize,
    Duration checkInterval,
    Duration lease,
    List<WebhookEndpointConfig> endpoints,
    Optional<Secret> callbackSecretOverride,
    int maxConcurrency) {
  public static final List<Duration> DEFAULT_RETRY_SCHEDULE =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(14),
          Duration.ofHours(20),
          Duration.ofHours(24));
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  public static final int DEFAULT_BATCH_SIZE = 25;
  public static final int MAX_BATCH_SIZE = 1000;
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
  public static final int DEFAULT_MAX_CONCURRENCY = 8;
  public static final int MIN_CONCURRENCY = 1;
  public static final int MAX_CONCURRENCY = 64;
  public static final String SECRET_PREFIX = "whsec_";
  public static final int MIN_SECRET_BYTES = 24;
  public static final int MAX_SECRET_BYTES = 64;

  /** Validates every field; throws {@link ConfigException} listing all problems. */
  public WebhookConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    retrySchedule = List.copyOf(retrySchedule);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(checkInterval, "checkInterval");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(callbackSecretOverride, "callbackSecretOverride");
    url = url.map(WebhookEndpointConfig::normaliseScheme);
    endpoints = EndpointRules.defaultFirst(endpoints);
    Problems problems = new Problems();
    validate(
        problems,
        retrySchedule,
        timeout,
        batchSize,
        checkInterval,
        lease,
        callbackSecretOverride,
        maxConcurrency);
    EndpointRules.validate(problems, url, secret, endpoints);
    problems.throwIfAny(null);
  }

  /**
   * The single-endpoint form: an endpoint named {@code default} for {@code url} and {@code secret}
   * when {@code url} is present, for every event of every account; no other endpoint, no callback
   * secret of its own, {@value #DEFAULT_MAX_CONCURRENCY} deliveries in parallel.
   */
  public WebhookConfig(
      Optional<URI> url,
      Optional<Secret> secret,
      List<Duration> retrySchedule,
      Duration timeout,
      int batchSize,
      Duration checkInterval,
      Duration lease) {
    this(
        url,
        secret,
        retrySchedule,
        timeout,
        batchSize,
        checkInterval,
        lease,
        defaultEndpoint(url, secret),
        Optional.empty(),
        DEFAULT_MAX_CONCURRENCY);
  }

  /** No webhooks: transitions are only recorded. */
  public static WebhookConfig disabled() {
    return new WebhookConfig(
        Optional.empty(),
        Optional.empty(),
        DEFAULT_RETRY_SCHEDULE,
        DEFAULT_TIMEOUT,
        DEFAULT_BATCH_SIZE,
        DEFAULT_CHECK_INTERVAL,
        DEFAULT_LEASE);
  }

  /** Webhooks to {@code url} signed with {@code secret}, everything else default. */
  public static WebhookConfig enabled(URI url, Secret secret) {
    return new WebhookConfig(
        Optional.of(url),
        Optional.of(secret),
        DEFAULT_RETRY_SCHEDULE,
        DEFAULT_TIMEOUT,
        DEFAULT_BATCH_SIZE,
        DEFAULT_CHECK_INTERVAL,
        DEFAULT_LEASE);
  }

  /** Whether webhooks are sent at all: whether any endpoint exists. */
  public boolean isEnabled() {
    return !endpoints.isEmpty();
  }

  /**
   * The secret that signs per-video callback URLs: {@code webhook.callback-secret}, else the {@code
   * default} endpoint's secret ({@code webhook.secret}); empty when neither is set.
   */
  public Optional<Secret> callbackSecret() {
    return callbackSecretOverride.or(() -> secret);
  }

  /** The endpoint named {@code name}, if configured. */
  public Optional<WebhookEndpointConfig> endpoint(String name) {
    return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Hides the secrets and the URLs' user info and query, where receivers often take a token. */
  @Override
  public String toString() {
    return "WebhookConfig[url="
        + url.map(u -> Rules.redactUrl(u.toString()))
        + ", secret="
        + secret
        + ", retrySchedule="
        + retrySchedule
        + ", timeout="
        + timeout
        + ", batchSize="
        + batchSize
        + ", checkInterval="
        + checkInterval
        + ", lease="
        + lease
        + ", endpoints="
        + endpoints
        + ", callbackSecretOverride="
        + callbackSecretOverride
        + ", maxConcurrency="
        + maxConcurrency
        + "]";
  }

  /**
   * The rules of the settings shared by every endpoint. A null argument means "could not be read,
   * already reported": its rules are skipped; so are those of a null item of {@code retrySchedule},
   * while the other items are still checked.
   */
  static void validate(
      Problems p,
      @Nullable List<@Nullable Duration> retrySchedule,
      @Nullable Duration timeout,
      @Nullable Integer batchSize,
      @Nullable Duration checkInterval,
      @Nullable Duration lease,
      @Nullable Optional<Secret> callbackSecret,
      @Nullable Integer maxConcurrency) {
    if (retrySchedule != null) {
      if (retrySchedule.isEmpty()) {
        p.add(WEBHOOK_RETRY_SCHEDULE, "must list at least one delay");
      }
      for (int i = 0; i < retrySchedule.size(); i++) {
        Duration delay = retrySchedule.get(i);
        if (delay != null && (delay.isZero() || delay.isNegative())) {
          p.add(WEBHOOK_RETRY_SCHEDULE, "delay " + (i + 1) + " must be positive, was " + delay);
        }
      }
    }
    Rules.positive(p, WEBHOOK_TIMEOUT, timeout);
    Rules.between(p, WEBHOOK_BATCH_SIZE, batchSize, 1, MAX_BATCH_SIZE);
    Rules.positive(p, WEBHOOK_CHECK_INTERVAL, checkInterval);
    Rules.positive(p, WEBHOOK_LEASE, lease);
    if (timeout != null && lease != null && lease.compareTo(timeout) <= 0) {
      p.add(
          WEBHOOK_LEASE,
          "must be longer than " + WEBHOOK_TIMEOUT + " (" + timeout + "), was " + lease);
    }
    if (callbackSecret != null) {
      callbackSecret.ifPresent(
          s -> WebhookEndpointConfig.validateSecret(p, WEBHOOK_CALLBACK_SECRET, s));
    }
    Rules.between(p, WEBHOOK_MAX_CONCURRENCY, maxConcurrency, MIN_CONCURRENCY, MAX_CONCURRENCY);
  }

  private static List<WebhookEndpointConfig> defaultEndpoint(
      Optional<URI> url, Optional<Secret> secret) {
    if (url.isEmpty() || secret.isEmpty()) {
      // The canonical constructor reports a url without a secret.
      return List.of();
    }
    return List.of(WebhookEndpointConfig.of(EndpointKeys.DEFAULT_NAME, url.get(), secret.get()));
  }
}
