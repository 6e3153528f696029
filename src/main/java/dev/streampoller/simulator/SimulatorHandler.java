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

  /** How long a new request waits for a held answer's probe (a loopback write: microseconds). */
  private static final Duration PROBE_BOUND = Duration.ofSeconds(1);

  /** Time for a closed client's reset to come back over loopback before a probe writes again. */
  private static final Duration RESET_WAIT = Duration.ofMillis(50);

  private final SimulatorOptions options;
  private final Clock clock;
  private final RequestLog log;
  private final FaultQueue faults;
  private final RateLimiter limiter;
  private final Authenticator authenticator;
  private final StreamApi api;
  private final AtomicLong rays = new AtomicLong();
  private final HeldAnswers heldAnswers = new HeldAnswers();

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
    HeldAnswers.Held held = null;
    long bodyBytes = 0;
    boolean dropped = false;
    RequestLog.Ending ending = RequestLog.Ending.ANSWERED;
    try {
      exchange.getRequestBody().readAllBytes();
      Route route =
          Route.parse(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery());
      String video = route.accountId() + "/" + route.uid();
      if (route.uid() != null) {
        // An answer still held back for this video must first show whether its client is there.
        heldAnswers.probe(video, PROBE_BOUND);
      }
      entry =
          new RequestLog.Entry(
              clock.instant(), route.method(), route.path(), route.accountId(), route.uid());
      log.record(entry);
      Optional<Fault> fault = faults.take(route.uid());
      if (fault.isPresent() && fault.get().streamed()) {
        bodyBytes = StreamedFaults.serve(exchange, fault.get());
        return;
      }
      if (fault.isPresent() && fault.get().kind() == Fault.Kind.LATENCY) {
        held = heldAnswers.hold(video);
        bodyBytes = late(route, exchange, fault.get().latency(), held);
        return;
      }
      SimResponse response = fault.isPresent() ? faulted(fault.get()) : respond(route, exchange);
      if (response != null) {
        bodyBytes = send(exchange, response);
      }
    } catch (StreamedFaults.Dropped e) {
      // Left unclosed, the exchange's connection is closed by the server: the answer stays broken.
      dropped = true;
      ending = e.clientGone() ? RequestLog.Ending.CLIENT_GONE : RequestLog.Ending.DROPPED;
      bodyBytes = e.bytes();
      LOG.debug("simulator dropped {}: {}", exchange.getRequestURI(), e.getMessage());
      throw e;
    } catch (IOException e) {
      // Writing failed: the client had closed the connection.
      ending = RequestLog.Ending.CLIENT_GONE;
      LOG.debug("client of {} went away: {}", exchange.getRequestURI(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      LOG.error("simulator failed to answer {}", exchange.getRequestURI(), e);
      send(exchange, SimResponse.error(500, 10002, "Internal server error", false));
    } finally {
      if (!dropped) {
        exchange.close();
      }
      if (entry != null) {
        log.finish(entry, clock.instant(), bodyBytes, ending);
      }
      // Only now, logged as ended, may a request waiting on its probe be logged as arrived.
      if (held != null) {
        held.close();
      }
    }
  }

  /**
   * The normal answer, {@code delay} late. Nothing is written meanwhile unless another request for
   * the same video asks for a probe ({@link HeldAnswers}): then the status line, the headers and, a
   * moment later, the body's first byte go out at once, and only the rest of the body waits. Two
   * writes, because a client that closed its connection normally (FIN) answers the first with a
   * reset, which only the second write reports: an {@link IOException}, the client is gone.
   *
   * @return the body's size; 0 when the server closes during the delay
   */
  private long late(Route route, HttpExchange exchange, Duration delay, HeldAnswers.Held held)
      throws IOException {
    long until = System.nanoTime() + delay.toNanos();
    byte[] body = null;
    try {
      while (held.awaitProbe(until)) {
        if (body == null) {
          SimResponse response = respond(route, exchange);
          if (response == null) {
            return 0;
          }
          body = response.body().getBytes(StandardCharsets.UTF_8);
          sendHead(exchange, response);
          Thread.sleep(RESET_WAIT.toMillis());
          writeFlushed(exchange, body, 0, Math.min(1, body.length));
        }
        held.probed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    if (body == null) {
      SimResponse response = respond(route, exchange);
      return response == null ? 0 : send(exchange, response);
    }
    writeFlushed(exchange, body, Math.min(1, body.length), body.length);
    return body.length;
  }

  private static void writeFlushed(HttpExchange exchange, byte[] bytes, int from, int to)
      throws IOException {
    if (to > from) {
      exchange.getResponseBody().write(bytes, from, to - from);
      exchange.getResponseBody().flush();
    }
  }

  /** The fault's canned answer (never a streamed or latency fault). */
  private SimResponse faulted(Fault f) {
    switch (f.kind()) {
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
        throw new IllegalStateException("served elsewhere: " + f.kind());
    }
  }

  /** The normal answer: authentication, the rate limit, then the API; null for no answer. */
  private @Nullable SimResponse respond(Route route, HttpExchange exchange) {
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
    sendHead(exchange, response);
    return sendBody(exchange, response);
  }

  /** Sends the status line and headers, flushed. */
  private void sendHead(HttpExchange exchange, SimResponse response) throws IOException {
    int length = response.body().getBytes(StandardCharsets.UTF_8).length;
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.getResponseHeaders().set("CF-RAY", "sim" + rays.incrementAndGet() + "-LHR");
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
  }

  /** Sends the body after {@link #sendHead}; returns its size. */
  private long sendBody(HttpExchange exchange, SimResponse response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
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
}
