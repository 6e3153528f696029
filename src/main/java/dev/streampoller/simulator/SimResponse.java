package dev.streampoller.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One answer of the simulator, and the factories of Cloudflare-shaped answers. */
record SimResponse(int status, String contentType, String body, Map<String, String> headers) {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json; charset=utf-8";

  SimResponse {
    headers = new LinkedHashMap<>(headers);
  }

  SimResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new SimResponse(status, contentType, body, copy);
  }

  /** {@code {"result": result, "success": true, "errors": [], "messages": []}}. */
  static SimResponse success(JsonNode result, boolean extraFields) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.set("result", result);
    envelope.put("success", true);
    envelope.putArray("errors");
    envelope.putArray("messages");
    if (extraFields) {
      envelope.putObject("result_info").put("count", result.size()).put("x_sim_cursor", "abc");
      envelope.put("x_sim_unknown_top_level", 42);
    }
    return json(200, envelope);
  }

  /**
   * A list answer: {@code result} an array, with the list call's top-level {@code total} (the
   * number of videos that matched, as a string, as Cloudflare sends it) and {@code range}.
   */
  static SimResponse list(ArrayNode result, int total, int range, boolean extraFields) {
    SimResponse plain = success(result, extraFields);
    try {
      ObjectNode envelope = (ObjectNode) JSON.readTree(plain.body());
      envelope.put("total", Integer.toString(total));
      envelope.put("range", Integer.toString(range));
      return json(200, envelope);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Cloudflare error envelope; {@code chainCode} 0 means no {@code error_chain}. */
  static SimResponse error(
      int status,
      int code,
      String message,
      int chainCode,
      @Nullable String chainMessage,
      boolean extraFields) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.putNull("result");
    envelope.put("success", false);
    ArrayNode errors = envelope.putArray("errors");
    ObjectNode error = errors.addObject().put("code", code).put("message", message);
    if (chainCode != 0) {
      error
          .putArray("error_chain")
          .addObject()
          .put("code", chainCode)
          .put("message", chainMessage == null ? "" : chainMessage);
    }
    if (extraFields) {
      error.put("documentation_url", "https://developers.cloudflare.com/api/");
      error.putObject("source").put("pointer", "/x_sim");
    }
    envelope.putArray("messages");
    return json(status, envelope);
  }

  static SimResponse error(int status, int code, String message, boolean extraFields) {
    return error(status, code, message, 0, null, extraFields);
  }

  /** The kind of page Cloudflare's edge sends instead of JSON for 502 or 520. */
  static SimResponse html(int status) {
    String page =
        "<!DOCTYPE html>\n<html><head><title>api.cloudflare.com | "
            + status
            + ": Bad gateway</title></head>\n<body><h1>Error "
            + status
            + "</h1><p>The web server reported a bad gateway error.</p>"
            + "<p>Cloudflare Ray ID: 7f0000000000sim</p></body></html>\n";
    return new SimResponse(status, "text/html; charset=UTF-8", page, Map.of());
  }

  /** A 200 whose JSON stops in the middle, as when a proxy cuts the connection. */
  static SimResponse malformedJson() {
    return new SimResponse(
        200, JSON_TYPE, "{\"result\":{\"default\":{\"status\":\"inpro", Map.of());
  }

  private static SimResponse json(int status, JsonNode body) {
    try {
      return new SimResponse(status, JSON_TYPE, JSON.writeValueAsString(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
