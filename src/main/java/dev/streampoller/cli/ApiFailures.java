package dev.streampoller.cli;

import dev.streampoller.cloudflare.ListDownloadsResult;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the commands tell what a refused or failed API call means: one sentence naming the video (or
 * account), the HTTP status and Cloudflare's error code, and the README's exit code for it.
 */
final class ApiFailures {
  /** One failure as shown to the user. */
  record Failure(int exitCode, String sentence) {}

  // The client's details read "HTTP 404: 10005 Video not found" or "HTTP 502: non-JSON body (...)".
  private static final Pattern HTTP = Pattern.compile("^HTTP (\\d{3})(?:: (.*))?$");
  private static final Pattern CODE = Pattern.compile("^(\\d+) (.*)$");

  private ApiFailures() {}

  /**
   * A failed {@code POST .../downloads/{type}}: 404 is data (65, the video is unknown), a refused
   * credential 77, another 4xx data (65, e.g. a video not ready to stream), the rest 69.
   */
  static Failure ofCreate(ListDownloadsResult result, String accountId, String uid, String type) {
    String what = "Could not create the " + type + " download of video " + uid;
    String where = " in account " + accountId;
    if (result instanceof ListDownloadsResult.VideoNotFound gone) {
      return new Failure(
          ExitCodes.DATA,
          what + where + ": Cloudflare does not know this video (" + why(gone.detail()) + ").");
    }
    if (result instanceof ListDownloadsResult.CredentialRejected refused) {
      return new Failure(
          ExitCodes.NO_PERMISSION,
          what
              + where
              + ": Cloudflare refused the credential; creating downloads needs the Stream Write"
              + " permission ("
              + why(refused.detail())
              + ").");
    }
    if (result instanceof ListDownloadsResult.RateLimited limited) {
      return new Failure(
          ExitCodes.UNAVAILABLE,
          what
              + where
              + ": Cloudflare's rate limit was reached"
              + limited.retryAfter().map(d -> "; retry after " + d.toSeconds() + " s").orElse("")
              + " ("
              + why(limited.detail())
              + ").");
    }
    ListDownloadsResult.Failed failed = (ListDownloadsResult.Failed) result;
    OptionalInt status = failed.httpStatus();
    if (status.isPresent() && status.getAsInt() >= 400 && status.getAsInt() < 500) {
      return new Failure(
          ExitCodes.DATA,
          what
              + where
              + ": Cloudflare refused the request, is the video ready to stream? ("
              + why(failed.detail())
              + ").");
    }
    return new Failure(
        ExitCodes.UNAVAILABLE,
        what + where + ": the API is unavailable, try again later (" + why(failed.detail()) + ").");
  }

  /**
   * {@code HTTP 404, Cloudflare error 10005: Video not found}, {@code HTTP 502, no Cloudflare error
   * code: non-JSON body (...)} or {@code no HTTP answer: connect timeout after PT5S}.
   */
  static String why(String detail) {
    Matcher http = HTTP.matcher(detail);
    if (!http.matches()) {
      return "no HTTP answer: " + detail;
    }
    String rest = http.group(2) == null ? "" : http.group(2);
    Matcher code = CODE.matcher(rest);
    if (code.matches()) {
      return "HTTP " + http.group(1) + ", Cloudflare error " + code.group(1) + ": " + code.group(2);
    }
    return "HTTP "
        + http.group(1)
        + ", no Cloudflare error code"
        + (rest.isEmpty() ? "" : ": " + rest);
  }
}
