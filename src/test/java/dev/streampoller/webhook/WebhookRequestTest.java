package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {
  private final WebhookSigner signer = WebhookSigner.of(WebhookSignerTest.SPEC_SECRET);

  @Test
  void shouldSignWholeSecondsSoHeaderAndSignatureAgree() {
    Instant withMillis = Instant.ofEpochSecond(WebhookSignerTest.SPEC_TIMESTAMP, 999_000_000);

    WebhookRequest request =
        WebhookRequest.signed(
            signer,
            URI.create("https://hooks.example.com/x"),
            WebhookSignerTest.SPEC_MSG_ID,
            withMillis,
            WebhookSignerTest.SPEC_PAYLOAD);

    assertThat(request.timestamp().getEpochSecond()).isEqualTo(WebhookSignerTest.SPEC_TIMESTAMP);
    assertThat(request.signature()).isEqualTo(WebhookSignerTest.SPEC_SIGNATURE);
  }

  @Test
  void shouldKeepTokensInTheUrlAndTheBodyOutOfToString() {
    WebhookRequest request =
        WebhookRequest.signed(
            signer,
            URI.create("https://user:pw@hooks.example.com/x?token=abc123"),
            "msg_1",
            Instant.EPOCH,
            "{\"secret\":\"body\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(request.toString())
        .contains("https://hooks.example.com/x")
        .doesNotContain("abc123")
        .doesNotContain("pw")
        .doesNotContain("body\"");
  }

  @Test
  void shouldRejectANonHttpTarget() {
    assertThatThrownBy(
            () ->
                WebhookRequest.signed(
                    signer, URI.create("ftp://example.com/x"), "msg_1", Instant.EPOCH, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNotShareTheBodyArray() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    WebhookRequest request =
        WebhookRequest.signed(signer, URI.create("http://h/x"), "msg_1", Instant.EPOCH, body);

    body[0] = 'X';
    request.body()[1] = 'Y';

    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }
}
