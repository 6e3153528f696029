package dev.streampoller.cloudflare;

import java.util.Objects;

/** The outcome of {@link CloudflareClient#verifyCredential(java.util.Optional)}. */
public sealed interface CredentialCheck {

  /** Cloudflare accepted the credential; {@code id} is the token (or user) id, never a secret. */
  record Valid(String id, String status) implements CredentialCheck {
    public Valid {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(status, "status");
    }
  }

  /** Cloudflare refused it (or the token is not active): the operator must fix the credential. */
  record Rejected(int httpStatus, String detail) implements CredentialCheck {
    public Rejected {
      detail = Details.bound(detail);
    }
  }

  /** No verdict: rate limited, 5xx, unreadable body or network failure. Try again later. */
  record Inconclusive(String detail) implements CredentialCheck {
    public Inconclusive {
      detail = Details.bound(detail);
    }
  }
}
