package dev.streampoller.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** How the daemon authenticates: an API token, or the legacy e-mail + global API key. */
public sealed interface CloudflareCredential {

  /** A secret-free label for logs, e.g. {@code api-token} or {@code api-key:ops@x.io}. */
  String label();

  /**
   * The stable, secret-free identity of the Cloudflare user (rate limits are per user), at most 200
   * printable characters: accounts with the same id share one budget across instances. Two tokens
   * of one user cannot be told apart and get different ids.
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

    /** {@code key:} and the lower-cased e-mail, hashed if too long or not printable. */
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
