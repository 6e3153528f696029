package dev.streampoller.simulator;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure the simulator serves instead of (or, for latency, before) the normal answer. Enqueue
 * with {@link StreamSimulator#enqueueFault(Fault)}; faults apply first-in first-out to the next
 * matching requests, each {@link #times(int)} times (once by default), optionally only to requests
 * for one video ({@link #forVideo(String)}).
 *
 * @param kind what is served
 * @param status the HTTP status served (ignored for {@link Kind#LATENCY})
 * @param retryAfter the {@code Retry-After} of a 429, null for none
 * @param latency how long the answer is delayed ({@link Kind#LATENCY}), or the pause between two
 *     bytes of a {@link Kind#TRICKLE}
 * @param times how many matching requests it applies to
 * @param videoUid only requests for this video match, null for every request
 * @param errorCode Cloudflare error code of a JSON error envelope
 * @param errorMessage message of a JSON error envelope
 * @param contentType content type of a {@link Kind#RAW_BODY}
 * @param body the body of a {@link Kind#RAW_BODY}, the {@code Location} of a {@link Kind#REDIRECT}
 * @param bodyBytes the size of an {@link Kind#OVERSIZED_BODY}, 0 for the other kinds
 */
public record Fault(
    Kind kind,
    int status,
    @Nullable Duration retryAfter,
    Duration latency,
    int times,
    @Nullable String videoUid,
    int errorCode,
    String errorMessage,
    String contentType,
    String body,
    long bodyBytes) {

  /** What a fault serves. */
  public enum Kind {
    /** A Cloudflare JSON error envelope with the given status, code and message. */
    JSON_ERROR,
    /** An HTML page, as Cloudflare's edge sends for 502 or 520. */
    HTML_BODY,
    /** A 200 whose JSON body is cut short. */
    MALFORMED_JSON,
    /** A 429 JSON error, with or without {@code Retry-After}. */
    RATE_LIMITED,
    /** The normal answer, delayed. */
    LATENCY,
    /** Exactly the given status, content type and body, e.g. a legacy or odd response shape. */
    RAW_BODY,
    /** A redirect with a {@code Location}, which a Cloudflare client must not follow. */
    REDIRECT,
    /**
     * A 200 whose body trickles one byte per {@link #latency()} and never ends: every byte resets a
     * client's per-read timeout. Ends when the client goes away or the simulator closes.
     */
    TRICKLE,
    /**
     * A 200 with a JSON-looking body of {@link #bodyBytes()} bytes, streamed in chunks (no {@code
     * Content-Length}, as a proxy streams it) and never held in the simulator's memory.
     */
    OVERSIZED_BODY,
    /**
     * A 200, its headers and the start of a chunked body, then the connection is dropped without
     * the closing chunk. (The JDK server cannot send a TCP RST; to a client this is the same broken
     * answer.)
     */
    CONNECTION_RESET,
    /**
     * A 200 whose {@code Content-Length} promises more than is sent; then the connection closes.
     */
    TRUNCATED_BODY
  }

  /** Whether this fault writes its answer itself, streaming or breaking the connection. */
  boolean streamed() {
    return kind == Kind.TRICKLE
        || kind == Kind.OVERSIZED_BODY
        || kind == Kind.CONNECTION_RESET
        || kind == Kind.TRUNCATED_BODY;
  }

  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1, was " + times);
    }
    if (kind != Kind.LATENCY && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("status must be an HTTP status, was " + status);
    }
    if (latency.isNegative() || (retryAfter != null && retryAfter.isNegative())) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (kind == Kind.TRICKLE && latency.isZero()) {
      throw new IllegalArgumentException("a trickle needs a positive interval between bytes");
    }
    if (bodyBytes < 0 || (kind == Kind.OVERSIZED_BODY && bodyBytes == 0)) {
      throw new IllegalArgumentException("bodyBytes must be positive, was " + bodyBytes);
    }
  }

  /** A JSON error envelope (code 10002 "Internal server error") with this status, e.g. 503. */
  public static Fault serverError(int status) {
    return cloudflareError(status, 10002, "Internal server error");
  }

  /** Any Cloudflare JSON error, e.g. {@code cloudflareError(403, 9109, "Unauthorized IP")}. */
  public static Fault cloudflareError(int status, int code, String message) {
    return new Fault(
        Kind.JSON_ERROR, status, null, Duration.ZERO, 1, null, code, message, "", "", 0);
  }

  /** An HTML error page with this status, e.g. 502 or 520. */
  public static Fault htmlBody(int status) {
    return new Fault(Kind.HTML_BODY, status, null, Duration.ZERO, 1, null, 0, "", "", "", 0);
  }

  /** A 200 with truncated JSON. */
  public static Fault malformedJson() {
    return new Fault(Kind.MALFORMED_JSON, 200, null, Duration.ZERO, 1, null, 0, "", "", "", 0);
  }

  /** A 429 with {@code Retry-After} in whole seconds (rounded up). */
  public static Fault rateLimited(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    return new Fault(
        Kind.RATE_LIMITED, 429, retryAfter, Duration.ZERO, 1, null, 971, THROTTLED, "", "", 0);
  }

  /** A 429 without a {@code Retry-After} header. */
  public static Fault rateLimitedWithoutRetryAfter() {
    return new Fault(
        Kind.RATE_LIMITED, 429, null, Duration.ZERO, 1, null, 971, THROTTLED, "", "", 0);
  }

  /** Exactly this answer, e.g. a flat legacy {@code result} or an error with an echo. */
  public static Fault rawBody(int status, String contentType, String body) {
    return new Fault(
        Kind.RAW_BODY, status, null, Duration.ZERO, 1, null, 0, "", contentType, body, 0);
  }

  /** A redirect (e.g. 302) to {@code location}. */
  public static Fault redirect(int status, String location) {
    Objects.requireNonNull(location, "location");
    return new Fault(Kind.REDIRECT, status, null, Duration.ZERO, 1, null, 0, "", "", location, 0);
  }

  /**
   * The normal answer, sent after {@code delay}; nothing is written meanwhile, unless a new request
   * for the same video arrives: then the held answer checks that its client is still there (see
   * {@code HeldAnswers}), so a client that gave up is not logged as still waiting.
   */
  public static Fault latency(Duration delay) {
    return new Fault(Kind.LATENCY, 200, null, delay, 1, null, 0, "", "", "", 0);
  }

  /**
   * A 200 whose body sends one byte every {@code interval} and never ends, so a client with only
   * per-read timeouts waits forever.
   */
  public static Fault trickle(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    return new Fault(Kind.TRICKLE, 200, null, interval, 1, null, 0, "", JSON_TYPE, "", 0);
  }

  /** A 200 with a JSON-looking body of {@code megabytes} MiB, streamed without a length. */
  public static Fault oversizedBody(int megabytes) {
    if (megabytes < 1) {
      throw new IllegalArgumentException("megabytes must be >= 1, was " + megabytes);
    }
    return new Fault(
        Kind.OVERSIZED_BODY,
        200,
        null,
        Duration.ZERO,
        1,
        null,
        0,
        "",
        JSON_TYPE,
        "",
        megabytes * (1L << 20));
  }

  /** A 200 and the start of its body, then the connection is dropped mid-answer. */
  public static Fault connectionReset() {
    return new Fault(
        Kind.CONNECTION_RESET, 200, null, Duration.ZERO, 1, null, 0, "", JSON_TYPE, "", 0);
  }

  /** A 200 whose {@code Content-Length} is larger than what is sent before the close. */
  public static Fault truncatedBody() {
    return new Fault(
        Kind.TRUNCATED_BODY, 200, null, Duration.ZERO, 1, null, 0, "", JSON_TYPE, "", 0);
  }

  /** The same fault for the next {@code n} matching requests. */
  public Fault times(int n) {
    return new Fault(
        kind,
        status,
        retryAfter,
        latency,
        n,
        videoUid,
        errorCode,
        errorMessage,
        contentType,
        body,
        bodyBytes);
  }

  /** The same fault, only for requests about this video. */
  public Fault forVideo(String uid) {
    Objects.requireNonNull(uid, "uid");
    return new Fault(
        kind,
        status,
        retryAfter,
        latency,
        times,
        uid,
        errorCode,
        errorMessage,
        contentType,
        body,
        bodyBytes);
  }

  static final String JSON_TYPE = "application/json; charset=utf-8";

  static final String THROTTLED = "Please wait and consider throttling your request speed";
}
