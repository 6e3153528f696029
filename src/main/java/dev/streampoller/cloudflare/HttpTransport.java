package dev.streampoller.cloudflare;

import dev.streampoller.config.CloudflareCredential;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * One pooled HttpClient 5 with the credential's headers: sends a request and reads the answer (body
 * bounded), or describes why no answer came. Thread-safe.
 */
final class HttpTransport implements AutoCloseable {
  /** Downloads answers are tiny; anything bigger is not the API talking. */
  static final int MAX_BODY_CHARS = 1 << 20;

  private static final int MAX_CONNECTIONS = 64;
  private static final String CLOSED = "client is closed";

  /** Either a response or, when none arrived, a secret-free reason. */
  record Exchange(Optional<ApiResponse> response, String failure) {}

  private final CloudflareCredential credential;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Clock clock;
  private final CloseableHttpClient http;
  private final AtomicBoolean closed = new AtomicBoolean();

  HttpTransport(
      CloudflareCredential credential,
      Duration connectTimeout,
      Duration responseTimeout,
      String userAgent,
      Clock clock) {
    this.credential = credential;
    this.connectTimeout = positive(connectTimeout, "connectTimeout");
    this.responseTimeout = positive(responseTimeout, "responseTimeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(userAgent, "userAgent");
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(MAX_CONNECTIONS)
            .setMaxConnPerRoute(MAX_CONNECTIONS)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(connectTimeout))
                    .setSocketTimeout(Timeout.of(responseTimeout))
                    // Servers drop idle keep-alive connections; check one before reusing it.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                    .build())
            .build();
    this.http =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                    .setResponseTimeout(Timeout.of(responseTimeout))
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .setUserAgent(userAgent)
            .build();
  }

  Exchange execute(HttpUriRequestBase request) {
    request.setHeader("Accept", "application/json");
    if (credential instanceof CloudflareCredential.ApiKey key) {
      request.setHeader("X-Auth-Email", key.email());
      request.setHeader("X-Auth-Key", key.key().reveal());
    } else {
      CloudflareCredential.ApiToken token = (CloudflareCredential.ApiToken) credential;
      request.setHeader("Authorization", "Bearer " + token.token().reveal());
    }
    if (closed.get()) {
      return new Exchange(Optional.empty(), CLOSED);
    }
    try {
      return new Exchange(Optional.of(http.execute(request, this::read)), "");
    } catch (IOException e) {
      return new Exchange(Optional.empty(), describe(e));
    } catch (IllegalStateException e) {
      // A poll thread racing close() during shutdown: an expected outcome, not a crash.
      if (closed.get()) {
        return new Exchange(Optional.empty(), CLOSED);
      }
      throw e;
    }
  }

  private ApiResponse read(ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    String body = "";
    String contentType = null;
    if (entity != null) {
      contentType = entity.getContentType();
      try {
        body = EntityUtils.toString(entity, StandardCharsets.UTF_8, MAX_BODY_CHARS);
      } catch (ParseException e) {
        throw new IOException("unreadable response body: " + e.getMessage(), e);
      }
    }
    var now = clock.instant();
    return new ApiResponse(
        response.getCode(),
        contentType,
        body,
        RateLimitHeaders.parse(name -> value(response.getFirstHeader(name)), now),
        RateLimitHeaders.retryAfter(value(response.getFirstHeader("Retry-After")), now));
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
    if (closed.compareAndSet(false, true)) {
      http.close(CloseMode.GRACEFUL);
    }
  }
}
