package dev.streampoller.config;

import java.util.Objects;

/**
 * How the daemon authenticates to the Cloudflare API. Both schemes of the API are supported: an API
 * token (preferred) and the legacy e-mail plus global API key. Token formats change over time, so a
 * token's shape is never validated.
 */
public sealed interface CloudflareCredential {

  /**
   * A short, stable, secret-free label for logs and metrics, e.g. {@code token} or {@code
   * key:ops@x.io}.
   */
  String label();

  /** {@code Authorization: Bearer <token>}. */
  record ApiToken(Secret token) implements CloudflareCredential {
    public ApiToken {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String label() {
      return "api-token";
    }
  }

  /** {@code X-Auth-Email} + {@code X-Auth-Key} (global API key). */
  record ApiKey(String email, Secret key) implements CloudflareCredential {
    public ApiKey {
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(key, "key");
      if (email.isBlank()) {
        throw new IllegalArgumentException("email must not be blank");
      }
    }

    @Override
    public String label() {
      return "api-key:" + email;
    }
  }
}
