package dev.streampoller.webhook;

import dev.streampoller.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Parses {@code whsec_} secrets into HMAC keys and computes Standard Webhooks v1 signatures. */
final class WebhookKeys {
  static final String PREFIX = "whsec_";
  static final String VERSION = "v1";
  // The specification recommends keys of 24 to 64 bytes.
  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookKeys() {}

  /**
   * The HMAC keys of the given secrets. Failure messages describe the problem but never include any
   * part of the secret (not even the offending character a base64 decoder would report).
   */
  static List<SecretKeySpec> parseAll(List<Secret> secrets) {
    Objects.requireNonNull(secrets, "secrets");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one webhook secret is required");
    }
    return secrets.stream().map(WebhookKeys::parse).toList();
  }

  static SecretKeySpec parse(Secret secret) {
    Objects.requireNonNull(secret, "secret");
    String value = secret.reveal().strip();
    if (!value.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // The decoder's message names the offending character: do not chain it.
      throw new IllegalArgumentException(
          "a webhook secret must be " + PREFIX + " followed by standard base64", null);
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret's key must be "
              + MIN_KEY_BYTES
              + " to "
              + MAX_KEY_BYTES
              + " bytes, was "
              + key.length);
    }
    return new SecretKeySpec(key, ALGORITHM);
  }

  /** Base64 of HMAC-SHA256(key, msgId + "." + timestamp + "." + body), without the version. */
  static String signature(SecretKeySpec key, String msgId, long timestampSeconds, byte[] body) {
    try {
      // A Mac is not thread-safe; a fresh one per call keeps callers free of locking.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update((msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
