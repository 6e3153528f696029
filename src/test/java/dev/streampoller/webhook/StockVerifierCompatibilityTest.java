package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.svix.Webhook;
import dev.streampoller.config.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a receiver sees on the wire verifies with a stock Standard Webhooks library (Svix's Java
 * verifier), not only with this project's own verifier.
 */
class StockVerifierCompatibilityTest {
  private final Secret secret = WebhookSigner.generateSecret();
  private final AtomicReference<Map<String, List<String>>> headers = new AtomicReference<>();
  private final AtomicReference<String> body = new AtomicReference<>();
  private HttpServer server;
  private WebhookSender sender;

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          headers.set(Map.copyOf(exchange.getRequestHeaders()));
          body.set(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    // Svix checks the timestamp against the real clock, so the sender uses it too.
    sender = new WebhookSender(Duration.ofSeconds(5), "test", Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    sender.close();
    server.stop(0);
  }

  private void send(WebhookSigner signer) {
    URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    String payload = "{\"type\":\"download.ready\",\"data\":{\"videoId\":\"abc\",\"url\":\"é\"}}";
    sender.send(
        WebhookRequest.signed(
            signer,
            target,
            WebhookEvents.newEventId(),
            Clock.systemUTC().instant(),
            payload.getBytes(UTF_8)));
  }

  /** Svix looks headers up case-sensitively in lower case; HttpServer capitalizes them. */
  private Map<String, List<String>> lowerCaseHeaders() {
    Map<String, List<String>> lower = new java.util.HashMap<>();
    headers
        .get()
        .forEach((name, values) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), values));
    return lower;
  }

  @Test
  void shouldBeAcceptedBySvixsVerifier() throws Exception {
    send(new WebhookSigner(List.of(secret)));

    Webhook stock = new Webhook(secret.reveal());
    assertThatCode(() -> stock.verify(body.get(), lowerCaseHeaders())).doesNotThrowAnyException();
  }

  @Test
  void shouldBeAcceptedBySvixWithEitherSecretDuringRotation() throws Exception {
    Secret next = WebhookSigner.generateSecret();
    send(new WebhookSigner(List.of(secret, next)));

    assertThatCode(() -> new Webhook(secret.reveal()).verify(body.get(), lowerCaseHeaders()))
        .doesNotThrowAnyException();
    assertThatCode(() -> new Webhook(next.reveal()).verify(body.get(), lowerCaseHeaders()))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldBeRejectedBySvixWithAnotherSecret() throws Exception {
    send(new WebhookSigner(List.of(secret)));

    Webhook other = new Webhook(WebhookSigner.generateSecret().reveal());
    assertThatThrownBy(() -> other.verify(body.get(), lowerCaseHeaders()))
        .isInstanceOf(com.svix.exceptions.WebhookVerificationException.class);
  }
}
