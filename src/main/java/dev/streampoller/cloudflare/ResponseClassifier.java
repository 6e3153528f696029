package dev.streampoller.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns an HTTP answer into what it means for the caller, following CLOUDFLARE_API.md. Pure and
 * thread-safe.
 */
final class ResponseClassifier {

  /** What an answer means, before the caller maps it to its own result type. */
  sealed interface Verdict {
    String detail();
  }

  record Ok(JsonNode result) implements Verdict {
    @Override
    public String detail() {
      return "ok";
    }
  }

  record NotFound(String detail) implements Verdict {}

  record Credential(int status, String detail) implements Verdict {}

  record Limited(String detail) implements Verdict {}

  record Failure(String detail) implements Verdict {}

  /** Codes that say the credential (not the request) is wrong, also inside {@code error_chain}. */
  private static final Set<Integer> CREDENTIAL_CODES =
      Set.of(1000, 1001, 6003, 6100, 6101, 6102, 6103, 6111, 9103, 9106, 9107, 9109, 10000);

  private static final Pattern TITLE =
      Pattern.compile("<title>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private final ObjectMapper json;
  private final Details details;

  ResponseClassifier(ObjectMapper json, Details details) {
    this.json = json;
    this.details = details;
  }

  Verdict classify(ApiResponse response) {
    int status = response.status();
    JsonNode envelope = envelope(response.body());
    String detail = details.redact(describe(status, envelope, response));
    if (status == 429) {
      return new Limited(detail);
    }
    if (status == 404) {
      // A 404 without Cloudflare's envelope comes from a proxy or a wrong base URL, not the API.
      return envelope != null ? new NotFound(detail) : new Failure(detail);
    }
    boolean successful = status >= 200 && status < 300;
    boolean ok = successful && envelope != null && envelope.path("success").asBoolean(false);
    if (status == 401
        || status == 403
        || ((status == 400 || (successful && !ok)) && credential(envelope))) {
      return new Credential(status, detail);
    }
    if (!ok) {
      return new Failure(detail);
    }
    JsonNode result = envelope == null ? null : envelope.get("result");
    if (result == null || result.isNull()) {
      return new Failure(details.redact("HTTP " + status + ": success without a result"));
    }
    return new Ok(result);
  }

  private @Nullable JsonNode envelope(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      JsonNode root = json.readTree(body);
      return root != null && root.isObject() ? root : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static boolean credential(@Nullable JsonNode envelope) {
    if (envelope == null) {
      return false;
    }
    for (JsonNode error : errorsAndChains(envelope)) {
      if (CREDENTIAL_CODES.contains(error.path("code").asInt(-1))
          || error.path("message").asText("").toLowerCase(Locale.ROOT).contains("not enabled")) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> errorsAndChains(JsonNode envelope) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode error : envelope.path("errors")) {
      all.add(error);
      error.path("error_chain").forEach(all::add);
    }
    return all;
  }

  /** {@code HTTP 403: 6003 Invalid request headers (6111 Invalid format ...)} and the like. */
  private static String describe(int status, @Nullable JsonNode envelope, ApiResponse response) {
    StringBuilder text = new StringBuilder("HTTP ").append(status);
    if (envelope == null) {
      String type = response.contentType() == null ? "no content type" : response.contentType();
      if (response.body().isBlank()) {
        return text.append(": empty body (").append(type).append(')').toString();
      }
      boolean looksJson = response.body().stripLeading().startsWith("{");
      text.append(looksJson ? ": malformed JSON body (" : ": non-JSON body (").append(type);
      text.append(", ").append(response.body().length()).append(" chars)");
      Matcher title = TITLE.matcher(response.body());
      if (title.find()) {
        text.append(": ").append(title.group(1).strip());
      }
      return text.toString();
    }
    String separator = ": ";
    for (JsonNode error : envelope.path("errors")) {
      text.append(separator).append(codeAndMessage(error));
      List<String> chain = new ArrayList<>();
      error.path("error_chain").forEach(link -> chain.add(codeAndMessage(link)));
      if (!chain.isEmpty()) {
        text.append(" (").append(String.join("; ", chain)).append(')');
      }
      separator = "; ";
    }
    return text.toString();
  }

  private static String codeAndMessage(JsonNode error) {
    return error.path("code").asText("?") + " " + error.path("message").asText("");
  }
}
