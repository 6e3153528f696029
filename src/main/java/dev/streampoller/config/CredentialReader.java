package dev.streampoller.config;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads one account's Cloudflare credential: exactly one scheme, an API token or e-mail plus API
 * key. The same rules hold for the primary account and every additional one.
 */
final class CredentialReader {
  private CredentialReader() {}

  /** Exactly one scheme: an API token, or an e-mail plus a global API key. */
  static @Nullable CloudflareCredential read(
      PropertyReader in, Problems problems, AccountKeys keys) {
    Optional<Secret> token = in.secret(keys.apiToken());
    Optional<String> email = in.text(keys.apiEmail());
    Optional<Secret> key = in.secret(keys.apiKey());
    // Decide the scheme from what is set, so a bad value does not hide a scheme conflict.
    boolean tokenSet = in.isSet(keys.apiToken()) || in.isSet(keys.apiTokenFile());
    boolean emailSet = in.isSet(keys.apiEmail());
    boolean keySet = in.isSet(keys.apiKey()) || in.isSet(keys.apiKeyFile());
    // Checked whatever the scheme: a scheme conflict must not hide it.
    boolean emailValid = email == null || email.isEmpty() || email.get().contains("@");
    if (!emailValid) {
      problems.add(keys.apiEmail(), "must be an e-mail address, was '" + email.get() + "'");
    }
    if (tokenSet && (emailSet || keySet)) {
      problems.add(
          keys.apiToken(),
          "set either an API token or " + keys.apiEmail() + " + " + keys.apiKey() + ", not both");
      return null;
    }
    if (tokenSet) {
      return token == null ? null : new CloudflareCredential.ApiToken(token.orElseThrow());
    }
    if (!emailSet && !keySet) {
      problems.add(
          keys.apiToken(),
          "is required: set "
              + keys.apiToken()
              + " (or "
              + keys.apiTokenFile()
              + "), or "
              + keys.apiEmail()
              + " with "
              + keys.apiKey()
              + " (or "
              + keys.apiKeyFile()
              + ")");
      return null;
    }
    if (!emailSet) {
      problems.add(keys.apiEmail(), "is required with " + keys.apiKey());
    }
    if (!keySet) {
      problems.add(keys.apiKey(), "is required with " + keys.apiEmail());
    }
    if (!emailValid || email == null || key == null || email.isEmpty() || key.isEmpty()) {
      return null;
    }
    return new CloudflareCredential.ApiKey(email.get(), key.get());
  }
}
