package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_EMAIL;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_KEY;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_KEY_FILE;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_TOKEN;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_TOKEN_FILE;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads the Cloudflare credential: exactly one scheme, an API token or e-mail plus API key. */
final class CredentialReader {
  private CredentialReader() {}

  /** Exactly one scheme: an API token, or an e-mail plus a global API key. */
  static @Nullable CloudflareCredential read(PropertyReader in, Problems problems) {
    Optional<Secret> token = in.secret(CLOUDFLARE_API_TOKEN);
    Optional<String> email = in.text(CLOUDFLARE_API_EMAIL);
    Optional<Secret> key = in.secret(CLOUDFLARE_API_KEY);
    // Decide the scheme from what is set, so a bad value does not hide a scheme conflict.
    boolean tokenSet = in.isSet(CLOUDFLARE_API_TOKEN) || in.isSet(CLOUDFLARE_API_TOKEN_FILE);
    boolean emailSet = in.isSet(CLOUDFLARE_API_EMAIL);
    boolean keySet = in.isSet(CLOUDFLARE_API_KEY) || in.isSet(CLOUDFLARE_API_KEY_FILE);
    if (tokenSet && (emailSet || keySet)) {
      problems.add(
          CLOUDFLARE_API_TOKEN,
          "set either an API token or "
              + CLOUDFLARE_API_EMAIL
              + " + "
              + CLOUDFLARE_API_KEY
              + ", not both");
      return null;
    }
    if (tokenSet) {
      return token == null ? null : new CloudflareCredential.ApiToken(token.orElseThrow());
    }
    if (!emailSet && !keySet) {
      problems.add(
          CLOUDFLARE_API_TOKEN,
          "is required: set "
              + CLOUDFLARE_API_TOKEN
              + " (or "
              + CLOUDFLARE_API_TOKEN_FILE
              + "), or "
              + CLOUDFLARE_API_EMAIL
              + " with "
              + CLOUDFLARE_API_KEY
              + " (or "
              + CLOUDFLARE_API_KEY_FILE
              + ")");
      return null;
    }
    if (!emailSet) {
      problems.add(CLOUDFLARE_API_EMAIL, "is required with " + CLOUDFLARE_API_KEY);
    }
    if (!keySet) {
      problems.add(CLOUDFLARE_API_KEY, "is required with " + CLOUDFLARE_API_EMAIL);
    }
    if (email != null && email.isPresent() && !email.get().contains("@")) {
      problems.add(CLOUDFLARE_API_EMAIL, "must be an e-mail address, was '" + email.get() + "'");
      return null;
    }
    if (email == null || key == null || email.isEmpty() || key.isEmpty()) {
      return null;
    }
    return new CloudflareCredential.ApiKey(email.get(), key.get());
  }
}
