package dev.streampoller.webhook;

import dev.streampoller.config.Secret;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook messages as the <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>
 * specification defines: {@code webhook-signature: v1,<base64 HMAC-SHA256>}, computed over {@code
 * msgId + "." + timestampSeconds + "." + body}.
 *
 * <p>Several secrets can be active at once so a receiver can rotate its secret without losing
 * messages: each message then carries one signature per secret, space-separated, and the receiver
 * accepts any that matches. Immutable and thread-safe.
 */
public final class WebhookSigner {
  private static final int GENERATED_KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<SecretKeySpec> keys;

  /**
   * @param secrets one or more {@code whsec_<base64>} secrets, the key being the decoded base64 (24
   *     to 64 bytes)
   * @throws IllegalArgumentException if a secret is malformed; the message never contains it
   */
  public WebhookSigner(List<Secret> secrets) {
    this.keys = WebhookKeys.parseAll(secrets);
  }

  /** A signer for one or more secrets; see {@link #WebhookSigner(List)}. */
  public static WebhookSigner of(Secret first, Secret... more) {
    Objects.requireNonNull(first, "first");
    return new WebhookSigner(Stream.concat(Stream.of(first), Arrays.stream(more)).toList());
  }

  /**
   * The {@code webhook-signature} header value for a message.
   *
   * @param msgId the {@code webhook-id}, stable across retries of the same message
   * @param timestampSeconds the {@code webhook-timestamp}, unix seconds of this attempt
   * @param body the exact bytes that will be sent
   * @return {@code v1,<base64>}, or several of them space-separated when rotating secrets
   */
  public String sign(String msgId, long timestampSeconds, byte[] body) {
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(body, "body");
    if (msgId.isBlank()) {
      throw new IllegalArgumentException("msgId must not be blank");
    }
    return keys.stream()
        .map(
            k ->
                WebhookKeys.VERSION + "," + WebhookKeys.signature(k, msgId, timestampSeconds, body))
        .collect(Collectors.joining(" "));
  }

  /** How many secrets sign each message (two while rotating). */
  public int secretCount() {
    return keys.size();
  }

  /** A new random secret ({@code whsec_} + base64 of 32 random bytes), e.g. for the demo. */
  public static Secret generateSecret() {
    byte[] key = new byte[GENERATED_KEY_BYTES];
    RANDOM.nextBytes(key);
    return Secret.of(WebhookKeys.PREFIX + Base64.getEncoder().encodeToString(key));
  }

  @Override
  public String toString() {
    return "WebhookSigner[secrets=" + keys.size() + "]";
  }
}
