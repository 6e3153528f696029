package dev.streampoller.webhook;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One signed webhook attempt, ready for {@link WebhookSender#send}. Build it with {@link #signed}
 * so the signature always covers exactly the id, timestamp and body that are sent.
 *
 * @param target the receiver's URL, {@code http} or {@code https}
 * @param msgId the {@code webhook-id}: the same for every attempt of one message
 * @param timestamp the {@code webhook-timestamp}; whole seconds (the header carries unix seconds)
 * @param signature the {@code webhook-signature} header value
 * @param body the JSON body bytes (copied; never shown by {@link #toString()})
 */
public record WebhookRequest(
    URI target, String msgId, Instant timestamp, String signature, byte[] body) {

  public WebhookRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(msgId, "msgId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(body, "body");
    String scheme = target.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "webhook target must be an http(s) URL: " + redact(target));
    }
    if (msgId.isBlank() || signature.isBlank()) {
      throw new IllegalArgumentException("msgId and signature must not be blank");
    }
    if (!timestamp.equals(timestamp.truncatedTo(ChronoUnit.SECONDS))) {
      throw new IllegalArgumentException("timestamp must be whole seconds, was " + timestamp);
    }
    body = body.clone();
  }

  /** Signs {@code body} for this attempt; {@code timestamp} is truncated to whole seconds. */
  public static WebhookRequest signed(
      WebhookSigner signer, URI target, String msgId, Instant timestamp, byte[] body) {
    Instant seconds = timestamp.truncatedTo(ChronoUnit.SECONDS);
    String signature = signer.sign(msgId, seconds.getEpochSecond(), body);
    return new WebhookRequest(target, msgId, seconds, signature, body);
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WebhookRequest r
        && r.target.equals(target)
        && r.msgId.equals(msgId)
        && r.timestamp.equals(timestamp)
        && r.signature.equals(signature)
        && Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, msgId, timestamp, signature, Arrays.hashCode(body));
  }

  /** Target without user info, query or fragment (they often carry tokens), id and body size. */
  @Override
  public String toString() {
    return "WebhookRequest[target="
        + redact(target)
        + ", msgId="
        + msgId
        + ", timestamp="
        + timestamp
        + ", body="
        + body.length
        + " bytes]";
  }

  /** The URL as safe to log: scheme, host, port and path only. */
  static String redact(URI uri) {
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) {
      sb.append(uri.getScheme()).append("://");
    }
    sb.append(uri.getHost() == null ? "?" : uri.getHost());
    if (uri.getPort() >= 0) {
      sb.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      sb.append(uri.getRawPath());
    }
    return sb.toString();
  }
}
