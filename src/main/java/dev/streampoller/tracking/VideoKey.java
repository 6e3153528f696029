package dev.streampoller.tracking;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies a tracked video: a Cloudflare account id and a Stream video uid, each 1 to 32 letters
 * or digits (the API's documented maximum length; real ids are 32 hex characters).
 */
public record VideoKey(String accountId, String videoUid) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  public VideoKey {
    requireValidId("account id", accountId);
    requireValidId("video uid", videoUid);
  }

  /**
   * Throws {@link IllegalArgumentException} naming {@code what} unless {@code id} is well formed.
   */
  public static void requireValidId(String what, String id) {
    Objects.requireNonNull(id, what);
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          what
              + " must be 1 to 32 letters or digits, was '"
              + (id.length() > 40 ? id.substring(0, 40) + "..." : id)
              + "'");
    }
  }

  public static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  @Override
  public String toString() {
    return accountId + "/" + videoUid;
  }
}
