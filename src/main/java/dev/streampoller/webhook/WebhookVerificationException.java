package dev.streampoller.webhook;

import java.util.Objects;

/**
 * A webhook failed verification. {@link #reason()} says why in a form code can act on; the message
 * says it for people. Neither ever contains a secret.
 */
public final class WebhookVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a message was rejected. */
  public enum Reason {
    /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is missing. */
    MISSING_HEADER,
    /** {@code webhook-timestamp} is not an integer number of unix seconds. */
    INVALID_TIMESTAMP,
    /** The timestamp is older than the tolerance allows: possibly a replay. */
    TIMESTAMP_TOO_OLD,
    /** The timestamp is further in the future than the tolerance allows. */
    TIMESTAMP_TOO_NEW,
    /** No {@code v1} signature in the header matches any of the secrets. */
    NO_MATCHING_SIGNATURE
  }

  private final Reason reason;

  public WebhookVerificationException(Reason reason, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
