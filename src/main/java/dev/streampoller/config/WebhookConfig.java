package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.WEBHOOK_BATCH_SIZE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_CHECK_INTERVAL;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_LEASE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_RETRY_SCHEDULE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_SECRET;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_URL;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Webhook delivery. Without a {@code url}, transitions are still recorded but no webhook is sent.
 *
 * @param url the receiver; empty disables delivery
 * @param secret Standard Webhooks signing secret, {@code whsec_<base64 of 24 to 64 bytes>};
 *     required when {@code url} is present
 * @param retrySchedule delay before each retry after a failed attempt; the last entry is the last
 *     retry (immutable, at least one, each positive)
 * @param timeout per-attempt HTTP timeout
 * @param batchSize deliveries claimed per webhook-job run
 * @param checkInterval how often the webhook job looks for due deliveries
 * @param lease how long a claim on a delivery lasts; longer than {@code timeout}
 */
public record WebhookConfig(
    Optional<URI> url,
    Optional<Secret> secret,
    List<Duration> retrySchedule,
    Duration timeout,
    int batchSize,
    Duration checkInterval,
    Duration lease) {
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
    Problems problems = new Problems();
    validate(problems, url, secret, retrySchedule, timeout, batchSize, checkInterval, lease);
    problems.throwIfAny(null);
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

  /** Whether webhooks are sent at all. */
  public boolean isEnabled() {
    return url.isPresent();
  }

  /** Hides the secret and the URL's user info and query, where receivers often take a token. */
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
        + "]";
  }

  /** A null argument means "could not be read, already reported": its rules are skipped. */
  static void validate(
      Problems p,
      @Nullable Optional<URI> url,
      @Nullable Optional<Secret> secret,
      @Nullable List<Duration> retrySchedule,
      @Nullable Duration timeout,
      @Nullable Integer batchSize,
      @Nullable Duration checkInterval,
      @Nullable Duration lease) {
    if (url != null) {
      url.ifPresent(u -> Rules.httpUrl(p, WEBHOOK_URL, u));
      if (url.isPresent() && secret != null && secret.isEmpty()) {
        p.add(WEBHOOK_SECRET, "is required when " + WEBHOOK_URL + " is set");
      }
    }
    if (secret != null) {
      secret.ifPresent(s -> validateSecret(p, s));
    }
    if (retrySchedule != null) {
      if (retrySchedule.isEmpty()) {
        p.add(WEBHOOK_RETRY_SCHEDULE, "must list at least one delay");
      }
      for (int i = 0; i < retrySchedule.size(); i++) {
        Duration delay = retrySchedule.get(i);
        if (delay.isZero() || delay.isNegative()) {
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
  }

  // Messages describe the shape only: the value is a secret.
  private static void validateSecret(Problems p, Secret secret) {
    String value = secret.reveal();
    if (!value.startsWith(SECRET_PREFIX)) {
      p.add(WEBHOOK_SECRET, "must start with " + SECRET_PREFIX + " (value hidden)");
      return;
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.substring(SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      p.add(WEBHOOK_SECRET, "must be " + SECRET_PREFIX + " followed by base64 (value hidden)");
      return;
    }
    if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
      p.add(
          WEBHOOK_SECRET,
          "must decode to "
              + MIN_SECRET_BYTES
              + " to "
              + MAX_SECRET_BYTES
              + " bytes, decoded to "
              + key.length
              + " (value hidden)");
    }
  }
}
