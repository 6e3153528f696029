package dev.streampoller.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations HTTP listener: {@code GET /metrics} (Prometheus text format) and {@code GET
 * /health} (200 with {@code {"status":"UP","database":"UP","scheduler":"UP"}} when the database
 * answers and the scheduler runs, else 503 with the same fields and {@code reasons}). Other paths
 * answer 404, other methods 405.
 *
 * <p>Serves on its own two named daemon threads. {@link #close()} stops listening, waits about a
 * second for requests in progress, and is idempotent.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  private static final int THREADS = 2;
  private static final int STOP_GRACE_SECONDS = 1;
  private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String JSON_TYPE = "application/json";
  private static final String TEXT_TYPE = "text/plain; charset=utf-8";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Metrics metrics;
  private final HealthCheck health;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OpsServer(HttpServer server, ExecutorService executor, Metrics metrics, HealthCheck h) {
    this.server = server;
    this.executor = executor;
    this.metrics = metrics;
    this.health = h;
  }

  /**
   * Binds {@code address} (an unresolved one is resolved now; port 0 picks a free port) and starts
   * serving.
   *
   * @param schedulerRunning whether the scheduler runs; called on every {@code /health} request
   * @throws UncheckedIOException when the address cannot be bound, for example when it is in use
   */
  public static OpsServer start(
      InetSocketAddress address,
      Metrics metrics,
      DataSource dataSource,
      BooleanSupplier schedulerRunning) {
    InetSocketAddress bindTo =
        address.isUnresolved()
            ? new InetSocketAddress(address.getHostString(), address.getPort())
            : address;
    HttpServer server;
    try {
      server = HttpServer.create(bindTo, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + address.getHostString() + ":" + address.getPort(), e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, namedDaemonThreads());
    OpsServer ops =
        new OpsServer(server, executor, metrics, new HealthCheck(dataSource, schedulerRunning));
    server.createContext("/", ops::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("Serving /metrics and /health on {}", ops.address());
    return ops;
  }

  /** The bound address, with the actual port when 0 was asked for. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(STOP_GRACE_SECONDS);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("An ops request was still running when the listener closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Stopped serving /metrics and /health");
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      boolean known = path.equals("/metrics") || path.equals("/health");
      if (!known) {
        send(exchange, 404, TEXT_TYPE, "not found; try /metrics or /health\n");
      } else if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, TEXT_TYPE, "method not allowed; use GET\n");
      } else if (path.equals("/metrics")) {
        send(exchange, 200, METRICS_TYPE, metrics.scrape());
      } else {
        HealthCheck.Health result = health.check();
        if (!result.up()) {
          LOG.debug("Health check DOWN: {}", result);
        }
        send(exchange, result.up() ? 200 : 503, JSON_TYPE, toJson(result));
      }
    } catch (IOException e) {
      // The client went away mid-response: nothing to answer.
      LOG.debug("Ops request aborted", e);
    } catch (RuntimeException e) {
      LOG.error("Ops request {} failed", exchange.getRequestURI().getPath(), e);
      try {
        send(exchange, 500, TEXT_TYPE, "internal error\n");
      } catch (IOException | RuntimeException ignored) {
        // headers may already be sent; the exchange is closed below
      }
    } finally {
      exchange.close();
    }
  }

  private static String toJson(HealthCheck.Health result) {
    try {
      return JSON.writeValueAsString(result.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static ThreadFactory namedDaemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "stream-poller-ops-" + count.incrementAndGet());
      // A forgotten close() must not keep the JVM alive.
      thread.setDaemon(true);
      return thread;
    };
  }
}
