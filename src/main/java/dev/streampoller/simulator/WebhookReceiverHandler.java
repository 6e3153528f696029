package dev.streampoller.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.webhook.StandardWebhookVerifier;
import dev.streampoller.webhook.WebhookVerificationException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The request handling behind {@link WebhookReceiver}: verify, record, answer as scripted. */
final class WebhookReceiverHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiverHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An answer given instead of verifying: an error status, a redirect, or (status {@link #RESET})
   * the connection closed with no answer at all.
   */
  record Scripted(int status, @Nullable Duration retryAfter, @Nullable URI location) {
    static final int RESET = 0;

    Scripted {
      if (status != RESET && (status < 300 || status > 599)) {
        throw new IllegalArgumentException(
            "a scripted answer needs a 3xx-5xx status, was " + status);
      }
    }
  }

  private final StandardWebhookVerifier verifier;
  private final String path;
  private final Consumer<ReceivedWebhook> listener;
  // Synchronized lists, not copy-on-write: a throughput run adds 100,000 entries, and copying the
  // whole list on each add made the receiver, not the sender, the bottleneck.
  final List<ReceivedWebhook> attempts = Collections.synchronizedList(new ArrayList<>());
  final List<ReceivedWebhook> received = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Scripted> scripted = new ArrayDeque<>(); // guarded by itself
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Clock clock;
  private volatile Duration responseDelay = Duration.ZERO;
  // Non-null while the receiver hangs: requests wait on it, unanswered, until release or close.
  private volatile @Nullable CountDownLatch hang;

  WebhookReceiverHandler(
      StandardWebhookVerifier verifier,
      String path,
      Consumer<ReceivedWebhook> listener,
      Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
    this.path = path;
    this.listener = listener;
  }

  void script(int count, Scripted answer) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    synchronized (scripted) {
      for (int i = 0; i < count; i++) {
        scripted.addLast(answer);
      }
    }
  }

  void respondAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    this.responseDelay = delay;
  }

  synchronized void hang() {
    if (hang == null) {
      hang = new CountDownLatch(1);
    }
  }

  synchronized void release() {
    CountDownLatch held = hang;
    hang = null;
    if (held != null) {
      held.countDown();
    }
  }

  /** Ends every pending and future response delay and hang. */
  void close() {
    closing.countDown();
    release();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      ReceivedWebhook webhook = record(exchange);
      attempts.add(webhook);
      if (awaitHang()) {
        // The sender has given up on a held request by now: closing without an answer keeps it
        // out of received(), which holds only what a sender could see as delivered.
        return;
      }
      awaitResponseDelay();
      Scripted answer;
      synchronized (scripted) {
        answer = scripted.pollFirst();
      }
      if (answer != null && answer.status() == Scripted.RESET) {
        // Closing the exchange before any response header closes the connection: no answer.
        return;
      }
      if (answer != null) {
        answer(exchange, answer);
        return;
      }
      received.add(webhook);
      notifyListener(webhook);
      exchange.sendResponseHeaders(webhook.signatureValid() ? 204 : 401, -1);
    }
  }

  private static void answer(HttpExchange exchange, Scripted answer) throws IOException {
    Duration retryAfter = answer.retryAfter();
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
    }
    URI location = answer.location();
    if (location != null) {
      exchange.getResponseHeaders().set("Location", location.toString());
    }
    byte[] text = ("scripted answer " + answer.status()).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), text.length);
    exchange.getResponseBody().write(text);
  }

  private ReceivedWebhook record(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    var headers = exchange.getRequestHeaders();
    String id = headers.getFirst("webhook-id");
    String timestamp = headers.getFirst("webhook-timestamp");
    boolean valid;
    try {
      verifier.verify(id, timestamp, headers.getFirst("webhook-signature"), body);
      valid = true;
    } catch (WebhookVerificationException e) {
      LOG.warn("webhook {} rejected: {}", id, e.getMessage());
      valid = false;
    }
    return new ReceivedWebhook(
        id == null ? "" : id,
        parseTimestamp(timestamp),
        valid,
        new String(body, StandardCharsets.UTF_8),
        parseJson(body),
        clock.instant());
  }

  /** Waits while the receiver hangs; true when this request was held. */
  private boolean awaitHang() {
    CountDownLatch held = hang;
    if (held == null) {
      return false;
    }
    try {
      while (held.getCount() > 0 && closing.getCount() > 0) {
        // Short waits on the hang latch, so close() (which also releases) ends them promptly.
        held.await(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private void awaitResponseDelay() {
    Duration delay = responseDelay;
    if (delay.isZero()) {
      return;
    }
    try {
      // Waiting on the closing latch rather than sleeping lets close() end slow answers at once.
      closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void notifyListener(ReceivedWebhook webhook) {
    try {
      listener.accept(webhook);
    } catch (RuntimeException e) {
      LOG.error("webhook receiver listener failed for {}", webhook.msgId(), e);
    }
  }

  private static Instant parseTimestamp(@Nullable String value) {
    try {
      return value == null ? Instant.EPOCH : Instant.ofEpochSecond(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return Instant.EPOCH;
    }
  }

  private static JsonNode parseJson(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
