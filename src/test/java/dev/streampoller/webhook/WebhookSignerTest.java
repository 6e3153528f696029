package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  // The test vector of the Standard Webhooks reference libraries
  // (standard-webhooks/standard-webhooks, libraries/java WebhookTest.verifyWebhookSignWorks).
  static final Secret SPEC_SECRET = Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  static final String SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SPEC_TIMESTAMP = 1614265330L;
  static final byte[] SPEC_PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void shouldProduceTheSpecificationsTestVectorSignature() {
    WebhookSigner signer = WebhookSigner.of(SPEC_SECRET);

    assertThat(signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD)).isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void shouldSignWithEverySecretSpaceSeparatedWhileRotating() {
    Secret next = WebhookSigner.generateSecret();
    WebhookSigner rotating = WebhookSigner.of(SPEC_SECRET, next);

    String header = rotating.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);

    String nextOnly = WebhookSigner.of(next).sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);
    assertThat(header).isEqualTo(SPEC_SIGNATURE + " " + nextOnly);
    assertThat(rotating.secretCount()).isEqualTo(2);
  }

  @Test
  void shouldChangeTheSignatureWhenAnySignedPartChanges() {
    WebhookSigner signer = WebhookSigner.of(SPEC_SECRET);

    assertThat(signer.sign("msg_other", SPEC_TIMESTAMP, SPEC_PAYLOAD)).isNotEqualTo(SPEC_SIGNATURE);
    assertThat(signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP + 1, SPEC_PAYLOAD))
        .isNotEqualTo(SPEC_SIGNATURE);
    assertThat(signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, "{\"test\": 1}".getBytes()))
        .isNotEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void shouldRejectASecretWithoutThePrefixWithoutShowingIt() {
    assertThatThrownBy(() -> WebhookSigner.of(Secret.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whsec_")
        .hasMessageNotContaining("MfKQ9r8G");
  }

  @Test
  void shouldRejectASecretThatIsNotBase64WithoutShowingItOrTheBadCharacter() {
    assertThatThrownBy(() -> WebhookSigner.of(Secret.of("whsec_not-base64-at-all!!secretpart")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base64")
        .hasMessageNotContaining("secretpart")
        .hasNoCause();
  }

  @Test
  void shouldRejectAKeyShorterThan24Bytes() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[23]);

    assertThatThrownBy(() -> WebhookSigner.of(Secret.of("whsec_" + shortKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("24 to 64 bytes, was 23");
  }

  @Test
  void shouldRejectAKeyLongerThan64Bytes() {
    String longKey = Base64.getEncoder().encodeToString(new byte[65]);

    assertThatThrownBy(() -> WebhookSigner.of(Secret.of("whsec_" + longKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 65");
  }

  @Test
  void shouldRequireAtLeastOneSecret() {
    assertThatThrownBy(() -> new WebhookSigner(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldGenerateDistinctUsableSecretsOfAtLeast24Bytes() {
    Secret a = WebhookSigner.generateSecret();
    Secret b = WebhookSigner.generateSecret();

    assertThat(a.reveal()).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(a.reveal().substring(6))).hasSizeGreaterThanOrEqualTo(24);
    assertThat(a).isNotEqualTo(b);
    assertThat(WebhookSigner.of(a).sign("msg_1", 1L, new byte[0])).startsWith("v1,");
  }

  @Test
  void shouldNotShowSecretsInToString() {
    assertThat(WebhookSigner.of(SPEC_SECRET).toString()).doesNotContain("MfKQ9r8G");
  }
}
