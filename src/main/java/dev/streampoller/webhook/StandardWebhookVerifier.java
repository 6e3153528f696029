package dev.streampoller.webhook;

import dev.streampoller.config.Secret;
import dev.streampoller.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a received webhook the way a receiver of this daemon's webhooks should: the three
 * Standard Webhooks headers must be present, the timestamp within the tolerance of the receiver's
 * clock (which defeats replays), and at least one {@code v1} signature in the header must match one
 * of the secrets (which allows rotation on both sides). Signatures are compared in constant time.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * var verifier = StandardWebhookVerifier.of(Secret.of(System.getenv("WEBHOOK_SECRET")), clock);
 * verifier.verify(headers.get("webhook-id"), headers.get("webhook-timestamp"),
 *     headers.get("webhook-signature"), rawBodyBytes); // throws WebhookVerificationException
 * }</pre>
 */
public final class StandardWebhookVerifier {
  /** The tolerance the specification's reference libraries use. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final List<SecretKeySpec> keys;
  private final Clock clock;
  private final long toleranceSeconds;

  /**
   * @param secrets one or more {@code whsec_<base64>} secrets; a message signed with any is valid
   * @param clock the receiver's clock
   * @param tolerance how far the message timestamp may be from the clock, either way; at least 1s
   */
  public StandardWebhookVerifier(List<Secret> secrets, Clock clock, Duration tolerance) {
    this.keys = WebhookKeys.parseAll(secrets);
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.getSeconds() < 1) {
      throw new IllegalArgumentException("tolerance must be at least PT1S, was " + tolerance);
    }
    this.toleranceSeconds = tolerance.getSeconds();
  }

  /** A verifier for one secret with the {@link #DEFAULT_TOLERANCE default tolerance}. */
  public static StandardWebhookVerifier of(Secret secret, Clock clock) {
    return new StandardWebhookVerifier(List.of(secret), clock, DEFAULT_TOLERANCE);
  }

  /**
   * Returns normally if the message is authentic and fresh.
   *
   * @param msgId the {@code webhook-id} header, null if absent
   * @param timestamp the {@code webhook-timestamp} header (unix seconds), null if absent
   * @param signatureHeader the {@code webhook-signature} header: one or more space-separated {@code
   *     <version>,<base64>} entries, null if absent
   * @param body the raw request body, exactly as received
   * @throws WebhookVerificationException with the reason when it is not
   */
  public void verify(
      @Nullable String msgId,
      @Nullable String timestamp,
      @Nullable String signatureHeader,
      byte[] body) {
    Objects.requireNonNull(body, "body");
    String id = requireHeader("webhook-id", msgId);
    long sentAt = parseTimestamp(requireHeader("webhook-timestamp", timestamp).strip());
    String signatures = requireHeader("webhook-signature", signatureHeader).strip();
    long now = clock.instant().getEpochSecond();
    if (sentAt < now - toleranceSeconds) {
      throw new WebhookVerificationException(
          Reason.TIMESTAMP_TOO_OLD,
          "webhook-timestamp " + sentAt + " is more than " + toleranceSeconds + "s before now");
    }
    if (sentAt > now + toleranceSeconds) {
      throw new WebhookVerificationException(
          Reason.TIMESTAMP_TOO_NEW,
          "webhook-timestamp " + sentAt + " is more than " + toleranceSeconds + "s after now");
    }
    for (SecretKeySpec key : keys) {
      byte[] expected =
          WebhookKeys.signature(key, id, sentAt, body).getBytes(StandardCharsets.US_ASCII);
      for (String entry : signatures.split("\\s+")) {
        int comma = entry.indexOf(',');
        if (comma < 0 || !entry.substring(0, comma).equals(WebhookKeys.VERSION)) {
          continue; // other versions and malformed entries are ignored, as the spec requires
        }
        byte[] given = entry.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(expected, given)) {
          return;
        }
      }
    }
    throw new WebhookVerificationException(
        Reason.NO_MATCHING_SIGNATURE, "no v1 signature in webhook-signature matches the secret");
  }

  private static String requireHeader(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new WebhookVerificationException(Reason.MISSING_HEADER, name + " header is missing");
    }
    return value;
  }

  private static long parseTimestamp(String timestamp) {
    try {
      return Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException(
          Reason.INVALID_TIMESTAMP,
          "webhook-timestamp is not unix seconds: " + abbreviate(timestamp));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @Override
  public String toString() {
    return "StandardWebhookVerifier[secrets="
        + keys.size()
        + ", tolerance=PT"
        + toleranceSeconds
        + "S]";
  }
}
