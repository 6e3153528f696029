package dev.streampoller.cloudflare;

import dev.streampoller.net.RequestDeadlines;
import java.time.Duration;
import java.util.Objects;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP side of talking to the API: a pooled keep-alive client (with its idle-connection evictor
 * thread) and the deadline thread. One per {@link CloudflareClient} by default; a daemon with many
 * accounts shares one ({@link CloudflareClient#CloudflareClient(java.net.URI,
 * dev.streampoller.config.CloudflareCredential, CloudflareHttp, java.time.Clock)}), so 250 accounts
 * cost two threads and one pool instead of 500 threads and 250 pools. Credentials are per request,
 * never part of it. Thread-safe; {@link #close()} is idempotent.
 */
public final class CloudflareHttp implements AutoCloseable {
  /** Connections to the API host when shared by every account of a daemon. */
  public static final int SHARED_MAX_CONNECTIONS = 256;

  private final CloseableHttpClient http;
  private final RequestDeadlines deadlines;
  private final Duration connectTimeout;
  private final Duration responseTimeout;

  private CloudflareHttp(
      CloseableHttpClient http, Duration connectTimeout, Duration responseTimeout) {
    this.http = http;
    this.deadlines = new RequestDeadlines("cloudflare-request-deadline");
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
  }

  /**
   * @param connectTimeout bound on establishing a connection (and on waiting for a pooled one)
   * @param responseTimeout bound on waiting for response data
   * @param userAgent sent as {@code User-Agent}
   * @param maxConnections the most connections open at once, to the API host and in all
   */
  public static CloudflareHttp create(
      Duration connectTimeout, Duration responseTimeout, String userAgent, int maxConnections) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxConnections)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(connectTimeout))
                    .setSocketTimeout(Timeout.of(responseTimeout))
                    // Servers drop idle keep-alive connections; check one before reusing it.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                    .build())
            .build();
    CloseableHttpClient http =
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
    return new CloudflareHttp(http, connectTimeout, responseTimeout);
  }

  CloseableHttpClient http() {
    return http;
  }

  RequestDeadlines deadlines() {
    return deadlines;
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  Duration responseTimeout() {
    return responseTimeout;
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
    deadlines.close();
  }
}
