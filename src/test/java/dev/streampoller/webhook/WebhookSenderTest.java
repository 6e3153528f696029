package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WebhookSenderTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final byte[] BODY =
      "{\"type\":\"download.ready\",\"uid\":\"ea95132c15732412d22c1476fa83f27a\"}"
          .getBytes(StandardCharsets.UTF_8);

  /** Far above a 0.5 s deadline, far below "forever": a loaded machine passes, a hang fails. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(NOW);
  private final Secret secret = WebhookSigner.generateSecret();
  private final WebhookSigner signer = WebhookSigner.of(secret);
  private final WebhookSender sender =
      new WebhookSender(Duration.ofSeconds(5), "stream-poller-test/1", clock);
  private final WebhookReceiver receiver = WebhookReceiver.builder(secret, clock).start();
  private HttpServer server;

  @AfterEach
  void tearDown() {
    sender.close();
    receiver.close();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldDeliverASignedWebhookThatTheReceiverVerifies() {
    SendResult result = sender.send(request(receiver.url(), "msg_1"));

    assertThat(result.success()).isTrue();
    assertThat(result.httpStatus()).hasValue(204);
    assertThat(result.error()).isEmpty();
    assertThat(receiver.received())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.msgId()).isEqualTo("msg_1");
              assertThat(w.timestamp()).isEqualTo(NOW);
              assertThat(w.signatureValid()).isTrue();
              assertThat(w.json().path("type").asText()).isEqualTo("download.ready");
            });
  }

  @Test
  void shouldPostJsonWithTheStandardWebhooksHeaders() {
    Map<String, String> seen = new ConcurrentHashMap<>();
    URI target =
        serve(
            exchange -> {
              exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
              seen.put("method", exchange.getRequestMethod());
              respond(exchange, 200, "");
            });
    WebhookRequest request = request(target, "msg_h");

    assertThat(sender.send(request).success()).isTrue();

    assertThat(seen)
        .containsEntry("method", "POST")
        .containsEntry("webhook-id", "msg_h")
        .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
        .containsEntry("webhook-signature", request.signature())
        .containsEntry("user-agent", "stream-poller-test/1");
    assertThat(seen.get("content-type")).startsWith("application/json");
  }

  @Test
  void shouldReportA4xxWithTheStartOfTheBody() {
    String longBody = "bad request:   " + "x".repeat(1000);
    URI target = serve(exchange -> respond(exchange, 400, longBody));

    SendResult result = sender.send(request(target, "msg_4"));

    assertThat(result.success()).isFalse();
    assertThat(result.httpStatus()).hasValue(400);
    assertThat(result.error().orElseThrow())
        .startsWith("HTTP 400: bad request: xxx")
        .hasSize("HTTP 400: ".length() + WebhookSender.BODY_EXCERPT_CHARS);
    assertThat(result.retryAfter()).isEmpty();
  }

  @Test
  void shouldReportA5xxAsAFailedAttempt() {
    receiver.failNext(1, 500);

    SendResult result = sender.send(request(receiver.url(), "msg_5"));

    assertThat(result.success()).isFalse();
    assertThat(result.httpStatus()).hasValue(500);
    assertThat(result.error()).hasValue("HTTP 500: scripted answer 500");
    assertThat(receiver.attempts()).hasSize(1);
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void shouldCarryRetryAfterSecondsOfA429() {
    receiver.failNext(1, 429, Duration.ofSeconds(30));

    SendResult result = sender.send(request(receiver.url(), "msg_429"));

    assertThat(result.httpStatus()).hasValue(429);
    assertThat(result.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldCarryRetryAfterHttpDateOfA503() {
    URI target =
        serve(
            exchange -> {
              exchange.getResponseHeaders().set("Retry-After", "Thu, 26 Nov 2026 12:02:00 GMT");
              respond(exchange, 503, "<html>maintenance</html>");
            });

    SendResult result = sender.send(request(target, "msg_503"));

    assertThat(result.httpStatus()).hasValue(503);
    assertThat(result.retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void shouldIgnoreRetryAfterOnOtherStatuses() {
    receiver.failNext(1, 500, Duration.ofSeconds(30));

    assertThat(sender.send(request(receiver.url(), "msg_500")).retryAfter()).isEmpty();
  }

  @Test
  void shouldNotFollowARedirect() {
    try (WebhookReceiver elsewhere = WebhookReceiver.builder(secret, clock).start()) {
      receiver.redirectNext(1, elsewhere.url());

      SendResult result = sender.send(request(receiver.url(), "msg_302"));

      assertThat(result.success()).isFalse();
      assertThat(result.httpStatus()).hasValue(302);
      assertThat(result.error().orElseThrow()).contains("redirect not followed");
      assertThat(elsewhere.attempts()).isEmpty();
    }
  }

  @Test
  void shouldGiveUpOnAReceiverSlowerThanTheTimeout() {
    receiver.respondAfter(Duration.ofMinutes(1));
    try (WebhookSender impatient = new WebhookSender(Duration.ofMillis(300), "t/1", clock)) {

      SendResult result = impatient.send(request(receiver.url(), "msg_slow"));

      assertThat(result.success()).isFalse();
      assertThat(result.httpStatus()).isEmpty();
      assertThat(result.error().orElseThrow()).startsWith("timeout after PT0.3S");
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldCountA2xxAtOnceWhenItsBodyTricklesForever() throws IOException {
    try (HostileReceiver trickling = HostileReceiver.trickling(200);
        WebhookSender impatient = new WebhookSender(Duration.ofMillis(500), "t/1", clock)) {

      SendResult result = impatient.send(request(trickling.url(), "msg_trickle_ok"));

      assertThat(result.success()).isTrue();
      assertThat(result.elapsed()).isLessThan(BOUND);
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldGiveUpOnAnErrorWhoseBodyTricklesPastTheTimeout() throws IOException {
    try (HostileReceiver trickling = HostileReceiver.trickling(500);
        WebhookSender impatient = new WebhookSender(Duration.ofMillis(500), "t/1", clock)) {

      SendResult result = impatient.send(request(trickling.url(), "msg_trickle_500"));

      assertThat(result.success()).isFalse();
      assertThat(result.error().orElseThrow()).contains("timeout after PT0.5S");
      assertThat(result.elapsed()).isLessThan(BOUND);
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void shouldGiveUpOnAReceiverThatAcceptsTheConnectionAndNeverAnswers() throws IOException {
    try (HostileReceiver silent = HostileReceiver.silent();
        WebhookSender impatient = new WebhookSender(Duration.ofMillis(500), "t/1", clock)) {

      SendResult result = impatient.send(request(silent.url(), "msg_silent"));

      assertThat(result.success()).isFalse();
      assertThat(result.httpStatus()).isEmpty();
      assertThat(result.error().orElseThrow()).startsWith("timeout after PT0.5S");
      assertThat(result.elapsed()).isLessThan(BOUND);
    }
  }

  @Test
  void shouldReportARefusedConnectionWithoutLeakingTheQueryString() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI target = URI.create("http://127.0.0.1:" + port + "/hook?token=very-secret-token");

    SendResult result = sender.send(request(target, "msg_refused"));

    assertThat(result.success()).isFalse();
    assertThat(result.httpStatus()).isEmpty();
    assertThat(result.error().orElseThrow())
        .contains("refused")
        .doesNotContain("very-secret-token");
  }

  @Test
  void shouldRefuseToSendAfterClose() {
    sender.close();
    sender.close();

    assertThatThrownBy(() -> sender.send(request(receiver.url(), "msg_closed")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRejectANonPositiveTimeout() {
    assertThatThrownBy(() -> new WebhookSender(Duration.ZERO, "t/1", clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private WebhookRequest request(URI target, String msgId) {
    return WebhookRequest.signed(signer, target, msgId, clock.instant(), BODY);
  }

  private URI serve(HttpHandler handler) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    server.createContext("/hook", handler);
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}
