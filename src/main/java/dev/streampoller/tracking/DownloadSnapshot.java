package dev.streampoller.tracking;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One download as observed in an API answer (or as last stored): its type, status, progress and
 * URL, verbatim. {@code percentComplete} is validated to 0..100 because a value outside that range
 * means the response is corrupt, and the poll is then recorded as failed rather than stored.
 */
public record DownloadSnapshot(
    String type, String status, @Nullable Double percentComplete, @Nullable String url) {

  public DownloadSnapshot {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    if (type.isBlank() || type.length() > 64) {
      throw new IllegalArgumentException(
          "download type must be 1 to 64 characters: '" + type + "'");
    }
    if (status.isBlank() || status.length() > 64) {
      throw new IllegalArgumentException("status must be 1 to 64 characters: '" + status + "'");
    }
    if (percentComplete != null
        && (percentComplete.isNaN() || percentComplete < 0 || percentComplete > 100)) {
      throw new IllegalArgumentException(
          "percentComplete of " + type + " must be within 0..100, was " + percentComplete);
    }
  }

  // PostgreSQL text cannot hold NUL, and control characters in ids only ever mean corruption.
  private static boolean hasControlCharacter(String value) {
    return value.chars().anyMatch(Character::isISOControl);
  }

  private static String printable(String value) {
    String cleaned =
        value
            .codePoints()
            .filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return cleaned.length() > 64 ? cleaned.substring(0, 64) + "..." : cleaned;
  }

  public boolean isTerminal() {
    return DownloadStatus.isTerminal(status);
  }

  /** Whether status, progress or URL differ from {@code other}. */
  public boolean differsFrom(DownloadSnapshot other) {
    return !status.equals(other.status)
        || !Objects.equals(percentComplete, other.percentComplete)
        || !Objects.equals(url, other.url);
  }
}
