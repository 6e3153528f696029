package dev.streampoller.cloudflare;

import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.net.RequestDeadlines;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.jspecify.annotations.Nullable;

/**
 * One pooled HttpClient 5 with the credential's headers: sends a request and reads the answer (body
 * bounded), or describes why no answer came. Every request has an overall deadline, from asking for
 * a pooled connection to the last byte of the body, enforced by cancelling it ({@link
 * RequestDeadlines}): socket timeouts alone bound each read, so an answer trickling in byte by byte
 * would hold the calling thread forever. Thread-safe.
 */
final class HttpTransport implements AutoCloseable {
  /** Downloads answers are a few hundred bytes; anything above this is not the API talking. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final int MAX_CONNECTIONS = 64;
  private static final String CLOSED = "client is closed";
  private static final String STOPPING = "aborted: the client is stopping";

  /** Either a response or, when none arrived, a secret-free reason. */
  record Exchange(Optional<ApiResponse> response, String failure) {}

  /** A request being executed, and whether {@link #abortInFlight} cancelled it. */
  private static final class InFlight {
    final HttpUriRequestBase request;
    volatile boolean aborted;

    InFlight(HttpUriRequestBase request) {
      this.request = request;
    }

    boolean abort() {
      aborted = true;
      return request.cancel();
    }
  }

  /** The answer was larger than the limit; it was not read further. */
  private static final class TooLarge extends IOException {
    TooLarge(int status, int limit) {
      super("HTTP " + status + ": answer too large (more than " + limit + " bytes)");
    }
  }

  private final CloudflareCredential credential;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Duration deadline;
  private final int maxBodyBytes;
  private final Clock clock;
  private final CloseableHttpClient http;
  private final RequestDeadlines deadlines;
  private final CloudflareHttp shared;
  private final boolean owned;
  private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  HttpTransport(
      CloudflareCredential credential,
      Duration connectTimeout,
      Duration responseTimeout,
      String userAgent,
      Clock clock) {
    this(credential, connectTimeout, responseTimeout, userAgent, clock, MAX_BODY_BYTES);
  }

  /**
   * On {@code shared}'s connection pool and deadline thread, which many accounts' transports use
   * and which {@link #close()} leaves open (its owner closes it).
   */
  HttpTransport(CloudflareCredential credential, CloudflareHttp shared, Clock clock) {
    this(credential, shared, clock, MAX_BODY_BYTES);
  }

  /** On {@code shared}, reading answers up to {@code maxBodyBytes} (the list call's are larger). */
  HttpTransport(
      CloudflareCredential credential, CloudflareHttp shared, Clock clock, int maxBodyBytes) {
    this.credential = credential;
    this.connectTimeout = shared.connectTimeout();
    this.responseTimeout = shared.responseTimeout();
    this.deadline = connectTimeout.plus(responseTimeout);
    this.maxBodyBytes = maxBodyBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.shared = shared;
    this.owned = false;
    this.http = shared.http();
    this.deadlines = shared.deadlines();
  }

  /** As above with another body limit, so tests need no megabytes. */
  HttpTransport(
      CloudflareCredential credential,
      Duration connectTimeout,
      Duration responseTimeout,
      String userAgent,
      Clock clock,
      int maxBodyBytes) {
    this.credential = credential;
    this.connectTimeout = positive(connectTimeout, "connectTimeout");
    this.responseTimeout = positive(responseTimeout, "responseTimeout");
    this.deadline = connectTimeout.plus(responseTimeout);
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(userAgent, "userAgent");
    this.shared =
        CloudflareHttp.create(connectTimeout, responseTimeout, userAgent, MAX_CONNECTIONS);
    this.owned = true;
    this.http = shared.http();
    this.deadlines = shared.deadlines();
  }

  /** The longest any request may take: connect timeout plus response timeout. */
  Duration deadline() {
    return deadline;
  }

  /** Sends {@code request} within the full {@link #deadline()}. */
  Exchange execute(HttpUriRequestBase request) {
    return execute(request, deadline);
  }

  /**
   * Sends {@code request} and reads its answer, all within {@code within} or the {@link
   * #deadline()}, whichever is shorter; past it the request is cancelled and described as "no
   * complete answer within ...".
   */
  Exchange execute(HttpUriRequestBase request, Duration within) {
    request.setHeader("Accept", "application/json");
    if (credential instanceof CloudflareCredential.ApiKey key) {
      request.setHeader("X-Auth-Email", key.email());
      request.setHeader("X-Auth-Key", key.key().reveal());
    } else {
      CloudflareCredential.ApiToken token = (CloudflareCredential.ApiToken) credential;
      request.setHeader("Authorization", "Bearer " + token.token().reveal());
    }
    Duration limit = within.compareTo(deadline) < 0 ? within : deadline;
    if (limit.isNegative() || limit.isZero()) {
      return new Exchange(Optional.empty(), "no time left to send the request");
    }
    if (closed.get()) {
      return new Exchange(Optional.empty(), CLOSED);
    }
    InFlight call = new InFlight(request);
    RequestDeadlines.Deadline armed;
    try {
      armed = deadlines.arm(request, limit);
    } catch (IllegalStateException e) {
      return new Exchange(Optional.empty(), CLOSED);
    }
    inFlight.add(call);
    try {
      return new Exchange(Optional.of(http.execute(request, r -> read(r, request))), "");
    } catch (TooLarge e) {
      return new Exchange(Optional.empty(), String.valueOf(e.getMessage()));
    } catch (IOException e) {
      if (call.aborted) {
        return new Exchange(Optional.empty(), STOPPING);
      }
      if (armed.expired()) {
        return new Exchange(Optional.empty(), "no complete answer within " + limit);
      }
      return new Exchange(Optional.empty(), describe(e));
    } catch (IllegalStateException e) {
      // A poll thread racing close() during shutdown: an expected outcome, not a crash.
      if (closed.get()) {
        return new Exchange(Optional.empty(), CLOSED);
      }
      throw e;
    } finally {
      armed.close();
      inFlight.remove(call);
    }
  }

  /**
   * Cancels the requests now in flight that are still running after {@code grace}; they end as
   * "aborted: the client is stopping". Requests sent later are not affected.
   */
  void abortInFlight(Duration grace) {
    for (InFlight call : inFlight) {
      try {
        deadlines.arm(call::abort, grace);
      } catch (IllegalStateException closedMeanwhile) {
        call.abort();
      }
    }
  }

  /**
   * Reads at most {@link #maxBodyBytes}: a larger answer cancels the request at once, so its rest
   * is neither buffered nor drained (closing a body stream would read it to the end).
   */
  private ApiResponse read(ClassicHttpResponse response, HttpUriRequestBase request)
      throws IOException {
    HttpEntity entity = response.getEntity();
    String body = "";
    String contentType = null;
    if (entity != null) {
      contentType = entity.getContentType();
      byte[] bytes = null;
      if (entity.getContentLength() <= maxBodyBytes) {
        InputStream in = entity.getContent();
        bytes = in == null ? new byte[0] : in.readNBytes(maxBodyBytes + 1);
      }
      if (bytes == null || bytes.length > maxBodyBytes) {
        request.cancel();
        throw new TooLarge(response.getCode(), maxBodyBytes);
      }
      body = new String(bytes, charset(contentType));
    }
    var now = clock.instant();
    return new ApiResponse(
        response.getCode(),
        contentType,
        body,
        RateLimitHeaders.parse(name -> value(response.getFirstHeader(name)), now),
        RateLimitHeaders.retryAfter(value(response.getFirstHeader("Retry-After")), now));
  }

  private static Charset charset(@Nullable String contentType) {
    if (contentType == null) {
      return StandardCharsets.UTF_8;
    }
    ContentType parsed = ContentType.parseLenient(contentType);
    Charset charset = parsed == null ? null : parsed.getCharset();
    return charset == null ? StandardCharsets.UTF_8 : charset;
  }

  private static @Nullable String value(@Nullable Header header) {
    return header == null ? null : header.getValue();
  }

  private String describe(IOException e) {
    if (e instanceof ConnectTimeoutException) {
      return "connect timeout after " + connectTimeout;
    }
    if (e instanceof SocketTimeoutException) {
      return "response timeout after " + responseTimeout;
    }
    if (e instanceof HttpHostConnectException) {
      return "connection refused: " + e.getMessage();
    }
    if (e instanceof ConnectionClosedException) {
      return "connection closed mid-answer: " + e.getMessage();
    }
    if (e instanceof InterruptedIOException) {
      return "interrupted: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && owned) {
      shared.close();
    }
  }
}
