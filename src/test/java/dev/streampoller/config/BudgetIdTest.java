package dev.streampoller.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link CloudflareCredential#budgetId()}: stable, short, printable and free of the secret. */
class BudgetIdTest {
  private static CloudflareCredential token(String value) {
    return new CloudflareCredential.ApiToken(Secret.of(value));
  }

  private static CloudflareCredential key(String email, String key) {
    return new CloudflareCredential.ApiKey(email, Secret.of(key));
  }

  @Test
  void shouldIdentifyATokenByTheStartOfItsSha256() {
    // SHA-256("cfut_token-SECRET-0001") starts with 6e2fc1693e0b2ea8: fixed, so the id never
    // changes between versions or instances (the shared budget row is keyed by it).
    assertThat(token("cfut_token-SECRET-0001").budgetId()).isEqualTo("token:6e2fc1693e0b2ea8");
  }

  @Test
  void shouldGiveDifferentTokensDifferentIds() {
    assertThat(token("a-SECRET").budgetId()).isNotEqualTo(token("b-SECRET").budgetId());
  }

  @Test
  void shouldNeverContainTheTokenOrTheKey() {
    assertThat(token("tok-SECRET").budgetId())
        .doesNotContain("tok-SECRET")
        .doesNotContain("SECRET");
    assertThat(key("ops@example.com", "key-SECRET").budgetId()).doesNotContain("SECRET");
  }

  @Test
  void shouldIdentifyAnApiKeyByItsLowerCasedEmailWhateverTheKey() {
    assertThat(key("Ops@Example.COM", "k1-SECRET").budgetId()).isEqualTo("key:ops@example.com");
    assertThat(key("ops@example.com", "k2-SECRET").budgetId()).isEqualTo("key:ops@example.com");
  }

  @Test
  void shouldStayShortAndPrintableForAnEmailBuiltInCode() {
    String longEmail = "x".repeat(300) + "@example.com";
    String controlEmail = "ops\n@example.com";

    assertThat(key(longEmail, "k-SECRET").budgetId())
        .hasSizeLessThanOrEqualTo(200)
        .startsWith("key:sha256:")
        .isNotEqualTo(key("y" + longEmail, "k-SECRET").budgetId());
    assertThat(key(controlEmail, "k-SECRET").budgetId())
        .hasSizeLessThanOrEqualTo(200)
        .doesNotContain("\n");
  }
}
