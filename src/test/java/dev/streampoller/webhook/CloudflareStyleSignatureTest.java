package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.Secret;
import org.junit.jupiter.api.Test;

class CloudflareStyleSignatureTest {
  private static final Secret SECRET = Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

  @Test
  void shouldSignTimeDotBodyWithHexHmacSha256() {
    // Expected value computed independently with Python's hmac module.
    assertThat(
            CloudflareStyleSignature.header(
                SECRET, 1614265330, "{\"test\": 2432232314}".getBytes(UTF_8)))
        .isEqualTo(
            "time=1614265330,sig1=2e37df5d4a028c51a7f3133d64ae1e300d2c2c900f1b1d49d4369ad2530f8964");
  }

  @Test
  void shouldChangeWhenTheBodyChanges() {
    assertThat(CloudflareStyleSignature.header(SECRET, 1, "a".getBytes(UTF_8)))
        .isNotEqualTo(CloudflareStyleSignature.header(SECRET, 1, "b".getBytes(UTF_8)));
  }
}
