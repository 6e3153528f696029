package dev.streampoller.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

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

  /**
   * A stable, secret-free identity of the Cloudflare user behind this credential, at most 200
   * characters without control characters, e.g. {@code token:9f86d081884c7d65} or {@code
   * key:ops@x.io}. Cloudflare's rate limit is per user, so accounts whose credentials have the same
   * budget id share one request budget (also across instances, which is why it must be stable). Two
   * different tokens of one user cannot be told apart and get different ids.
   */
  String budgetId();

  /** The first 16 hex digits of the SHA-256 of {@code text}: an identity that reveals nothing. */
  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** {@code Authorization: Bearer <token>}. */
  record ApiToken(Secret token) implements CloudflareCredential {

    @Override
    public String label() {
      return "api-token";
    }

    /** {@code token:} and 16 hex digits of the token's SHA-256; never the token itself. */
    @Override
    public String budgetId() {
      return "token:" + shortHash(token.reveal());
    }
  }

  /** {@code X-Auth-Email} + {@code X-Auth-Key} (global API key). */
  record ApiKey(String email, Secret key) implements CloudflareCredential {
    // The budget id has room for 200 characters, "key:" takes 4.
    private static final int MAX_EMAIL_IN_ID = 196;

    @Override
    public String label() {
      return "api-key:" + email;
    }

    /**
     * {@code key:} and the lower-cased e-mail (the key does not change who the user is). An e-mail
     * too long or with control characters, which only code can build, is hashed instead so the id
     * stays short and printable.
     */
    @Override
    public String budgetId() {
      String user = email.toLowerCase(Locale.ROOT);
      boolean printable = user.chars().noneMatch(Character::isISOControl);
      return printable && user.length() <= MAX_EMAIL_IN_ID
          ? "key:" + user
          : "key:sha256:" + shortHash(user);
    }
  }
}
