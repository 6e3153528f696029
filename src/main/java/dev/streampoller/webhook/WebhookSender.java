package dev.streampoller.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs signed webhooks ({@link WebhookRequest}) to receivers and reports each attempt as a {@link
 * SendResult}. Sends exactly one attempt per call: retrying is the caller's business (see {@link
 * RetrySchedule}).
 *
 * <p>Owns a pooled Apache HttpClient 5 and one daemon thread that enforces the per-attempt
 * deadline; thread-safe, meant to be shared by all dispatcher threads and closed once. Redirects
 * are not followed (a 3xx is a failed attempt: following one would hand the signed body to a URL
 * the user never configured), TLS certificates are verified against the JVM's default trust store,
 * and the client never retries on its own.
 */
public final class WebhookSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  // Not the limit that matters: the dispatcher bounds sends in flight (SenderLimits). A smaller
  // pool would let hanging receivers on one host hold every connection a healthy lane waits for.
  static final int MAX_CONNECTIONS_PER_ROUTE = 1024;
  static final int MAX_CONNECTIONS_TOTAL = 1024;

  /** How much of an error response body is kept. */
  static final int BODY_EXCERPT_CHARS = 200;

  /** A body up to this long is read to the end so that its connection can be reused. */
  static final long REUSE_BODY_LIMIT = 8192;

  private final Duration timeout;
  private final Clock clock;
  private final CloseableHttpClient client;
  private final ScheduledThreadPoolExecutor deadlines;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param timeout the longest one attempt may take, connecting and reading the answer included
   * @param userAgent the {@code User-Agent} header, e.g. {@code stream-poller/0.1.0}
   * @param clock for {@code Retry-After} HTTP-dates
   */
  public WebhookSender(Duration timeout, String userAgent, Clock clock) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(userAgent, "userAgent");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("webhook timeout must be positive, was " + timeout);
    }
    if (userAgent.isBlank()) {
      throw new IllegalArgumentException("userAgent must not be blank");
    }
    this.timeout = timeout;
    Timeout t = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
    var connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
            .setMaxConnTotal(MAX_CONNECTIONS_TOTAL)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(t)
                    .setResponseTimeout(t)
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent(userAgent)
            .build();
    // Socket timeouts bound each read, not the attempt: a receiver trickling bytes could hold a
    // dispatcher thread forever. This thread cancels attempts that outlive the timeout.
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "webhook-sender-deadline");
              thread.setDaemon(true);
              return thread;
            });
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /** The longest one attempt may take. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Makes one attempt. Blocks the calling thread for at most about the timeout.
   *
   * @return the outcome; network failures and timeouts are results, not exceptions
   * @throws IllegalStateException if the sender is closed
   */
  public SendResult send(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw new IllegalStateException("webhook sender is closed");
    }
    HttpPost post = new HttpPost(request.target());
    post.setHeader("webhook-id", request.msgId());
    post.setHeader("webhook-timestamp", Long.toString(request.timestamp().getEpochSecond()));
    post.setHeader("webhook-signature", request.signature());
    post.setEntity(new ByteArrayEntity(request.body(), ContentType.APPLICATION_JSON));
    AtomicBoolean timedOut = new AtomicBoolean();
    long start = System.nanoTime();
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              timedOut.set(true);
              post.cancel();
            },
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    SendResult result;
    try {
      result = exchange(post, start);
    } catch (IOException e) {
      String text =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getClass().getSimpleName() + ": " + e.getMessage();
      if (timedOut.get() || e instanceof InterruptedIOException) {
        text = "timeout after " + timeout + " (" + text + ")";
      }
      result = SendResult.failed(text, since(start));
    } finally {
      deadline.cancel(false);
    }
    LOG.debug(
        "webhook {} to {}: {} in {} ms",
        request.msgId(),
        WebhookRequest.redact(request.target()),
        result.success() ? "delivered" : result.error().orElse(""),
        result.elapsed().toMillis());
    return result;
  }

  /**
   * Sends and reads the status line and headers. A 2xx counts as soon as its status arrives: its
   * body is read only when short, so a receiver that trickles or streams a long body never turns a
   * delivered event into a failed one. A connection whose body is not read to the end is discarded,
   * not returned to the pool.
   */
  private SendResult exchange(HttpPost post, long start) throws IOException {
    ClassicHttpResponse response = client.executeOpen(null, post, null);
    boolean reusable = false;
    try {
      SendResult result = toResult(response, start);
      reusable = readShortRest(response.getEntity());
      return result;
    } finally {
      if (reusable) {
        response.close();
      } else if (response instanceof ModalCloseable closeable) {
        closeable.close(CloseMode.IMMEDIATE);
      } else {
        response.close();
      }
    }
  }

  /**
   * Reads what is left of a body of known, small length; false when it is long, of unknown length
   * or could not be read (the answer is already decided: this only keeps the connection).
   */
  private static boolean readShortRest(HttpEntity entity) {
    if (entity == null) {
      return true;
    }
    long length = entity.getContentLength();
    if (length < 0 || length > REUSE_BODY_LIMIT) {
      return false;
    }
    try {
      EntityUtils.consume(entity);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private SendResult toResult(ClassicHttpResponse response, long start) throws IOException {
    int status = response.getCode();
    if (status / 100 == 2) {
      return SendResult.delivered(status, since(start));
    }
    StringBuilder error = new StringBuilder("HTTP ").append(status);
    if (status / 100 == 3) {
      Header location = response.getFirstHeader("Location");
      error.append(" redirect not followed");
      if (location != null) {
        error.append(" (to ").append(redactLocation(location.getValue())).append(')');
      }
    }
    String excerpt = excerpt(response.getEntity());
    if (!excerpt.isEmpty()) {
      error.append(": ").append(excerpt);
    }
    Optional<Duration> retryAfter = Optional.empty();
    if (status == 429 || status == 503) {
      Header header = response.getFirstHeader("Retry-After");
      retryAfter = RetryAfter.parse(header == null ? null : header.getValue(), clock);
    }
    return SendResult.rejected(status, error.toString(), retryAfter, since(start));
  }

  /** The start of the body, whitespace collapsed, so it fits in a log line and a table cell. */
  private static String excerpt(HttpEntity entity) throws IOException {
    if (entity == null) {
      return "";
    }
    // Not closed here: closing would read the rest of the body, however long; see exchange().
    InputStream in = entity.getContent();
    if (in == null) {
      return "";
    }
    // 4 bytes per char at worst in UTF-8; the rest is never read into memory.
    String text =
        new String(in.readNBytes(BODY_EXCERPT_CHARS * 4), StandardCharsets.UTF_8)
            .replaceAll("\\s+", " ")
            .strip();
    return text.length() <= BODY_EXCERPT_CHARS ? text : text.substring(0, BODY_EXCERPT_CHARS);
  }

  private static String redactLocation(String location) {
    try {
      URI uri = URI.create(location.strip());
      return uri.getHost() == null ? String.valueOf(uri.getRawPath()) : WebhookRequest.redact(uri);
    } catch (IllegalArgumentException e) {
      return "an unparsable location";
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Closes the connections and the deadline thread. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close(CloseMode.GRACEFUL);
      deadlines.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "WebhookSender[timeout=" + timeout + "]";
  }
}
