package dev.streampoller.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline, in the order Cloudflare's edge and API apply it: log the request, serve an
 * enqueued fault (the edge fails before auth), authenticate, count against the rate limit, answer.
 */
final class SimulatorHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorHandler.class);

  private final SimulatorOptions options;
  private final Clock clock;
  private final RequestLog log;
  private final FaultQueue faults;
  private final RateLimiter limiter;
  private final Authenticator authenticator;
  private final StreamApi api;
  private final AtomicLong rays = new AtomicLong();

  SimulatorHandler(
      SimulatorOptions options,
      VideoStore videos,
      RequestLog log,
      FaultQueue faults,
      RateLimiter limiter) {
    this.options = options;
    this.clock = options.clock();
    this.log = log;
    this.faults = faults;
    this.limiter = limiter;
    this.authenticator = new Authenticator(options);
    this.api = new StreamApi(options, videos);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    RequestLog.Entry entry = null;
    long bodyBytes = 0;
    boolean dropped = false;
    try {
      exchange.getRequestBody().readAllBytes();
      Route route = Route.parse(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
      entry =
          new RequestLog.Entry(
              clock.instant(), route.method(), route.path(), route.accountId(), route.uid());
      log.record(entry);
      Optional<Fault> fault = faults.take(route.uid());
      if (fault.isPresent() && fault.get().streamed()) {
        bodyBytes = StreamedFaults.serve(exchange, fault.get());
        return;
      }
      SimResponse response = respond(route, exchange, fault);
      if (response != null) {
        bodyBytes = send(exchange, response);
      }
    } catch (StreamedFaults.Dropped e) {
      // Left unclosed, the exchange's connection is closed by the server: the answer stays broken.
      dropped = true;
      bodyBytes = e.bytes();
      LOG.debug("simulator dropped {}: {}", exchange.getRequestURI(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      LOG.error("simulator failed to answer {}", exchange.getRequestURI(), e);
      send(exchange, SimResponse.error(500, 10002, "Internal server error", false));
    } finally {
      if (!dropped) {
        exchange.close();
      }
      if (entry != null) {
        log.finish(entry, clock.instant(), bodyBytes);
      }
    }
  }

  /** The answer, or null when the server is closing during a latency fault. */
  private @Nullable SimResponse respond(Route route, HttpExchange exchange, Optional<Fault> fault) {
    if (fault.isPresent()) {
      Fault f = fault.get();
      switch (f.kind()) {
        case LATENCY:
          if (!sleep(f.latency())) {
            return null;
          }
          break;
        case JSON_ERROR:
          return SimResponse.error(f.status(), f.errorCode(), f.errorMessage(), extra());
        case HTML_BODY:
          return SimResponse.html(f.status());
        case RAW_BODY:
          return new SimResponse(f.status(), f.contentType(), f.body(), Map.of());
        case REDIRECT:
          return new SimResponse(f.status(), "text/plain", "", Map.of("Location", f.body()));
        case MALFORMED_JSON:
          return SimResponse.malformedJson();
        case RATE_LIMITED:
          SimResponse limited = SimResponse.error(429, f.errorCode(), f.errorMessage(), extra());
          Duration retryAfter = f.retryAfter();
          return retryAfter == null
              ? limited
              : limited.withHeader("Retry-After", Long.toString(ceilSeconds(retryAfter)));
        default:
          throw new IllegalStateException("streamed faults are served before: " + f.kind());
      }
    }
    Authenticator.Result auth = authenticator.check(exchange.getRequestHeaders());
    String credentialId = auth.credentialId();
    if (auth.rejection() != null || credentialId == null) {
      return auth.rejection();
    }
    RateLimiter.Decision decision = limiter.acquire(credentialId, clock.instant());
    SimResponse response;
    if (decision.allowed()) {
      response = api.answer(route, auth);
    } else {
      String seconds = Long.toString(decision.retryAfterSeconds());
      response =
          SimResponse.error(429, 971, Fault.THROTTLED, extra()).withHeader("Retry-After", seconds);
      if (options.rateLimitHeaders()) {
        response = response.withHeader("X-RateLimit-Reset", seconds);
      }
    }
    if (options.rateLimitHeaders()) {
      response =
          response
              .withHeader("X-RateLimit-Limit", Integer.toString(decision.limit()))
              .withHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
    }
    return response;
  }

  /** Sends the whole answer; returns the body's size. */
  private long send(HttpExchange exchange, SimResponse response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.getResponseHeaders().set("CF-RAY", "sim" + rays.incrementAndGet() + "-LHR");
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    return body.length;
  }

  private boolean extra() {
    return options.extraFields();
  }

  private static long ceilSeconds(Duration duration) {
    return (duration.toMillis() + 999) / 1000;
  }

  /** Real sleep: a latency fault must look slow to a real client. False when interrupted. */
  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
