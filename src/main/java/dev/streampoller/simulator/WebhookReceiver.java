package dev.streampoller.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpServer;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.WebhookReceiverHandler.Scripted;
import dev.streampoller.webhook.StandardWebhookVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local webhook endpoint for the demo and the tests: an HTTP server on 127.0.0.1 that accepts
 * POSTs on one path, verifies each with {@link StandardWebhookVerifier} and records it. It can be
 * told to misbehave like a real receiver: answer errors (optionally with {@code Retry-After}),
 * redirect, answer slowly, close connections without an answer, or hang until released.
 *
 * <p>Every POST is recorded in {@link #attempts()}. Those not answered with a scripted failure or
 * redirect are also in {@link #received()}: answered 204 when the signature is valid, 401 when it
 * is not. Thread-safe; the listener runs on the server's threads.
 *
 * <pre>{@code
 * try (var receiver = WebhookReceiver.builder(secret, clock).listener(System.out::println).start()) {
 *   receiver.failNext(2, 503, Duration.ofSeconds(1));
 *   ... send to receiver.url() ...
 * }
 * }</pre>
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  /**
   * One webhook request as the receiver saw it.
   *
   * @param msgId the {@code webhook-id} header, empty if missing
   * @param timestamp the {@code webhook-timestamp} header, {@link Instant#EPOCH} if missing or bad
   * @param signatureValid whether {@link StandardWebhookVerifier} accepted it
   * @param body the body as UTF-8 text
   * @param json the parsed body, {@link MissingNode} if it is not JSON
   * @param receivedAt when the request arrived, on the receiver's clock
   */
  public record ReceivedWebhook(
      String msgId,
      Instant timestamp,
      boolean signatureValid,
      String body,
      JsonNode json,
      Instant receivedAt) {
    public ReceivedWebhook {
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(msgId, "msgId");
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(json, "json");
    }
  }

  private final WebhookReceiverHandler handler;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI url;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WebhookReceiver(Builder b) {
    this.handler =
        new WebhookReceiverHandler(
            new StandardWebhookVerifier(List.of(b.secret), b.clock, b.tolerance),
            b.path,
            b.listener,
            b.clock);
    AtomicInteger threads = new AtomicInteger();
    // A pool, not the server's single thread, so one slow answer does not hold up the others.
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "webhook-receiver-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      LoopbackServers.disableNagle();
      this.server = HttpServer.create(new InetSocketAddress(loopback, b.port), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot start webhook receiver on port " + b.port, e);
    }
    server.createContext(b.path, handler);
    server.setExecutor(executor);
    server.start();
    this.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + b.path);
    LOG.info("webhook receiver listening on {}", url);
  }

  /** Starts configuring a receiver that verifies with {@code secret} against {@code clock}. */
  public static Builder builder(Secret secret, Clock clock) {
    return new Builder(secret, clock);
  }

  /** The URL to send webhooks to. */
  public URI url() {
    return url;
  }

  /** The requests that reached verification, in arrival order (a snapshot). */
  public List<ReceivedWebhook> received() {
    return List.copyOf(handler.received);
  }

  /** Every POST on the path, scripted answers included, in arrival order (a snapshot). */
  public List<ReceivedWebhook> attempts() {
    return List.copyOf(handler.attempts);
  }

  /** Answers the next {@code count} requests with {@code status} (3xx-5xx) instead of 2xx. */
  public void failNext(int count, int status) {
    handler.script(count, new Scripted(httpStatus(status), null, null));
  }

  /** As {@link #failNext(int, int)}, with a {@code Retry-After} header in whole seconds. */
  public void failNext(int count, int status, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    handler.script(count, new Scripted(httpStatus(status), retryAfter, null));
  }

  private static int httpStatus(int status) {
    if (status < 300 || status > 599) {
      throw new IllegalArgumentException("a scripted answer needs a 3xx-5xx status, was " + status);
    }
    return status;
  }

  /** Answers the next {@code count} requests with a 302 to {@code location}. */
  public void redirectNext(int count, URI location) {
    Objects.requireNonNull(location, "location");
    handler.script(count, new Scripted(302, null, location));
  }

  /** Waits this long before answering each request from now on; zero to answer at once. */
  public void respondAfter(Duration delay) {
    handler.respondAfter(delay);
  }

  /**
   * Closes the connection of each of the next {@code count} requests without any answer, as a
   * receiver that crashes or resets mid-request does. They are in {@link #attempts()} only.
   */
  public void resetNext(int count) {
    handler.script(count, new Scripted(Scripted.RESET, null, null));
  }

  /**
   * From now on holds every request unanswered until {@link #release()} or {@link #close()}, as a
   * receiver whose threads are all stuck does. Held requests are then closed without an answer (the
   * sender has given up on them): they are in {@link #attempts()} only. Idempotent.
   */
  public void hang() {
    handler.hang();
  }

  /** Ends {@link #hang()}: held requests are closed unanswered, later ones answered as usual. */
  public void release() {
    handler.release();
  }

  /** Stops the server, ending delayed and held answers at once. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      handler.close();
      server.stop(0);
      executor.shutdownNow();
      LOG.info("webhook receiver on {} stopped", url);
    }
  }

  /** Options for {@link WebhookReceiver}; {@link #start()} binds the port. */
  public static final class Builder {
    private final Secret secret;
    private final Clock clock;
    private String path = "/webhook";
    private int port;
    private Duration tolerance = StandardWebhookVerifier.DEFAULT_TOLERANCE;
    private Consumer<ReceivedWebhook> listener = w -> {};

    private Builder(Secret secret, Clock clock) {
      this.secret = Objects.requireNonNull(secret, "secret");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The path that accepts webhooks, {@code /webhook} by default. */
    public Builder path(String path) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with /, was " + path);
      }
      this.path = path;
      return this;
    }

    /** The port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** How far a webhook's timestamp may be from the clock; 5 minutes by default. */
    public Builder tolerance(Duration tolerance) {
      this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
      return this;
    }

    /** Called for each entry of {@link WebhookReceiver#received()}, e.g. to print it. */
    public Builder listener(Consumer<ReceivedWebhook> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Binds the port and starts serving. */
    public WebhookReceiver start() {
      return new WebhookReceiver(this);
    }
  }
}
