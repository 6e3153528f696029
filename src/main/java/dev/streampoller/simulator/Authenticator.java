package dev.streampoller.simulator;

import com.sun.net.httpserver.Headers;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Checks a request's credential the way Cloudflare answers, for both authentication schemes. */
final class Authenticator {

  /**
   * The outcome: either a credential id (for rate limiting) or the error to send; {@code stream}
   * tells whether the credential may use the Stream routes.
   */
  record Result(
      @Nullable String credentialId,
      boolean token,
      boolean stream,
      @Nullable SimResponse rejection) {}

  private final Set<String> tokens;
  private final Set<String> tokensWithoutStream;
  private final Map<String, String> keys;
  private final boolean extraFields;

  Authenticator(SimulatorOptions options) {
    this.tokens = options.apiTokens();
    this.tokensWithoutStream = options.tokensWithoutStream();
    this.keys = options.apiKeys();
    this.extraFields = options.extraFields();
  }

  Result check(Headers headers) {
    String authorization = headers.getFirst("Authorization");
    String email = headers.getFirst("X-Auth-Email");
    String key = headers.getFirst("X-Auth-Key");
    if (authorization != null) {
      String[] parts = authorization.trim().split("\\s+");
      if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
        return reject(400, 6003, "Invalid request headers", 6111, AUTHORIZATION_FORMAT);
      }
      boolean stream = tokens.contains(parts[1]);
      if (!stream && !tokensWithoutStream.contains(parts[1])) {
        return reject(403, 1000, "Invalid API Token", 0, null);
      }
      return new Result("token:" + parts[1], true, stream, null);
    }
    if (email == null && key == null) {
      return reject(400, 6003, "Invalid request headers", 6111, AUTHORIZATION_FORMAT);
    }
    if (email == null || email.isBlank()) {
      return reject(
          400, 6003, "Invalid request headers", 6102, "Invalid format for X-Auth-Email header");
    }
    if (key == null || key.isBlank()) {
      return reject(400, 6003, "Invalid request headers", 6103, KEY_FORMAT);
    }
    if (!key.equals(keys.get(email))) {
      return reject(403, 6003, "Invalid request headers", 6103, KEY_FORMAT);
    }
    return new Result("key:" + email, false, true, null);
  }

  private Result reject(
      int status, int code, String message, int chainCode, @Nullable String chainMessage) {
    return new Result(
        null,
        false,
        false,
        SimResponse.error(status, code, message, chainCode, chainMessage, extraFields));
  }

  private static final String AUTHORIZATION_FORMAT = "Invalid format for Authorization header";
  private static final String KEY_FORMAT = "Invalid format for X-Auth-Key header";
}
