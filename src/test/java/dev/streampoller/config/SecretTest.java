package dev.streampoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void shouldNeverShowItsValueInToString() {
    Secret secret = Secret.of("cfut_very-secret-token");
    assertThat(secret.toString()).doesNotContain("very-secret");
    assertThat(new CloudflareCredential.ApiToken(secret).toString()).doesNotContain("very-secret");
    assertThat(new CloudflareCredential.ApiKey("ops@example.com", secret).toString())
        .doesNotContain("very-secret");
  }

  @Test
  void shouldRevealTheValueWhenAsked() {
    assertThat(Secret.of("abc").reveal()).isEqualTo("abc");
  }

  @Test
  void shouldRejectABlankSecret() {
    assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
