package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.streampoller.config.Secret;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.webhook.WebhookSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final String BODY = "{\"type\":\"download.ready\",\"status\":\"ready\"}";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Secret secret = WebhookSigner.generateSecret();
  private final WebhookSigner signer = WebhookSigner.of(secret);
  private final List<ReceivedWebhook> heard = new CopyOnWriteArrayList<>();
  private final WebhookReceiver receiver =
      WebhookReceiver.builder(secret, clock).path("/hooks/in").listener(heard::add).start();
  // The JDK client here, so the receiver is tested independently of the project's sender.
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  @Test
  void shouldAcceptAndRecordAWebhookSignedByTheSigner() throws Exception {
    HttpResponse<String> response = post(receiver.url(), "msg_1", NOW, BODY, sign("msg_1", BODY));

    assertThat(response.statusCode()).isEqualTo(204);
    ReceivedWebhook webhook = receiver.received().get(0);
    assertThat(webhook.msgId()).isEqualTo("msg_1");
    assertThat(webhook.timestamp()).isEqualTo(NOW);
    assertThat(webhook.signatureValid()).isTrue();
    assertThat(webhook.body()).isEqualTo(BODY);
    assertThat(webhook.json().path("status").asText()).isEqualTo("ready");
    assertThat(heard).containsExactly(webhook);
    assertThat(receiver.url().toString()).startsWith("http://127.0.0.1:").endsWith("/hooks/in");
  }

  @Test
  void shouldRejectATamperedBodyWith401AndRecordItAsInvalid() throws Exception {
    String signature = sign("msg_2", BODY);

    HttpResponse<String> response =
        post(receiver.url(), "msg_2", NOW, BODY.replace("ready", "error"), signature);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(receiver.received())
        .singleElement()
        .satisfies(w -> assertThat(w.signatureValid()).isFalse());
  }

  @Test
  void shouldRejectAWebhookSignedWithAnotherSecret() throws Exception {
    String signature =
        WebhookSigner.of(WebhookSigner.generateSecret())
            .sign("msg_3", NOW.getEpochSecond(), bytes(BODY));

    assertThat(post(receiver.url(), "msg_3", NOW, BODY, signature).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldRejectAStaleWebhook() throws Exception {
    Instant stale = NOW.minus(Duration.ofMinutes(6));
    String signature = signer.sign("msg_4", stale.getEpochSecond(), bytes(BODY));

    assertThat(post(receiver.url(), "msg_4", stale, BODY, signature).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldAnswerScriptedFailuresThenRecoverAndRecordEveryAttempt() throws Exception {
    receiver.failNext(2, 503, Duration.ofSeconds(7));
    String signature = sign("msg_5", BODY);

    HttpResponse<String> first = post(receiver.url(), "msg_5", NOW, BODY, signature);
    HttpResponse<String> second = post(receiver.url(), "msg_5", NOW, BODY, signature);
    HttpResponse<String> third = post(receiver.url(), "msg_5", NOW, BODY, signature);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(204);
    assertThat(receiver.attempts()).hasSize(3);
    assertThat(receiver.received()).hasSize(1);
    assertThat(heard).hasSize(1);
  }

  @Test
  void shouldRedirectWhenTold() throws Exception {
    URI elsewhere = URI.create("http://127.0.0.1:1/elsewhere");
    receiver.redirectNext(1, elsewhere);

    HttpResponse<String> response = post(receiver.url(), "msg_6", NOW, BODY, sign("msg_6", BODY));

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue(elsewhere.toString());
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void shouldNotLeaveADelayedRequestHangingWhenClosed() throws Exception {
    receiver.respondAfter(Duration.ofHours(1));
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(
            request(receiver.url(), "msg_7", NOW, BODY, sign("msg_7", BODY)),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts().size() == 1);

    receiver.close();

    await().atMost(Duration.ofSeconds(10)).until(pending::isDone);
  }

  @Test
  void shouldAnswer404ElsewhereAnd405ForOtherMethods() throws Exception {
    URI other = receiver.url().resolve("/hooks/in/more");
    assertThat(post(other, "msg_8", NOW, BODY, sign("msg_8", BODY)).statusCode()).isEqualTo(404);

    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(receiver.url()).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(receiver.attempts()).isEmpty();
  }

  @Test
  void shouldRejectA2xxAsAScriptedFailure() {
    assertThatThrownBy(() -> receiver.failNext(1, 200))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> receiver.failNext(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCloseTheConnectionWithoutAnAnswerWhenToldToReset() throws Exception {
    receiver.resetNext(1);

    assertThatThrownBy(() -> post(receiver.url(), "msg_9", NOW, BODY, sign("msg_9", BODY)))
        .isInstanceOf(IOException.class);
    HttpResponse<String> next = post(receiver.url(), "msg_9", NOW, BODY, sign("msg_9", BODY));

    assertThat(next.statusCode()).isEqualTo(204);
    assertThat(receiver.attempts()).hasSize(2);
    assertThat(receiver.received())
        .singleElement()
        .satisfies(w -> assertThat(w.msgId()).isEqualTo("msg_9"));
  }

  @Test
  void shouldHoldRequestsWhileHangingAndCloseThemUnansweredOnRelease() throws Exception {
    receiver.hang();
    CompletableFuture<HttpResponse<String>> held =
        http.sendAsync(
            request(receiver.url(), "msg_10", NOW, BODY, sign("msg_10", BODY)),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts().size() == 1);
    assertThat(held).isNotDone();

    receiver.release();

    await().atMost(Duration.ofSeconds(10)).until(held::isDone);
    assertThat(held).isCompletedExceptionally();
    assertThat(post(receiver.url(), "msg_11", NOW, BODY, sign("msg_11", BODY)).statusCode())
        .isEqualTo(204);
    assertThat(receiver.received()).extracting(ReceivedWebhook::msgId).containsExactly("msg_11");
  }

  @Test
  void shouldRecordWhenEachWebhookArrivedOnItsClock() throws Exception {
    post(receiver.url(), "msg_12", NOW, BODY, sign("msg_12", BODY));

    assertThat(receiver.received().get(0).receivedAt()).isEqualTo(NOW);
  }

  private String sign(String msgId, String body) {
    return signer.sign(msgId, NOW.getEpochSecond(), bytes(body));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(
      URI url, String msgId, Instant timestamp, String body, String signature)
      throws IOException, InterruptedException {
    return http.send(
        request(url, msgId, timestamp, body, signature), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(
      URI url, String msgId, Instant timestamp, String body, String signature) {
    return HttpRequest.newBuilder(url)
        .header("content-type", "application/json")
        .header("webhook-id", msgId)
        .header("webhook-timestamp", Long.toString(timestamp.getEpochSecond()))
        .header("webhook-signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
