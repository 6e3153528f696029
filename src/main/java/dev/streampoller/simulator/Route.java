package dev.streampoller.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request path below {@code /client/v4}, split into decoded segments, with the account and video
 * it names (if any) for the request log and per-video faults.
 */
record Route(
    String method,
    String path,
    List<String> segments,
    @Nullable String accountId,
    @Nullable String uid,
    Map<String, String> query) {

  static final String BASE_PATH = "/client/v4";

  static Route parse(String method, String rawPath) {
    return parse(method, rawPath, null);
  }

  /** As above, with the request's raw query (null for none): its parameters, decoded. */
  static Route parse(String method, String rawPath, @Nullable String rawQuery) {
    List<String> segments = new ArrayList<>();
    String rest = rawPath.startsWith(BASE_PATH + "/") ? rawPath.substring(BASE_PATH.length()) : "";
    for (String raw : rest.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    String account = null;
    String uid = null;
    if (segments.size() >= 2 && segments.get(0).equals("accounts")) {
      account = segments.get(1);
      if (segments.size() >= 4 && segments.get(2).equals("stream")) {
        uid = segments.get(3);
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (!pair.isEmpty()) {
        query.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return new Route(method, rawPath, List.copyOf(segments), account, uid, Map.copyOf(query));
  }

  /** True when the segments are exactly {@code pattern}, where {@code *} matches any segment. */
  boolean matches(String... pattern) {
    if (pattern.length != segments.size()) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!pattern[i].equals("*") && !pattern[i].equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  String segment(int index) {
    return segments.get(index);
  }
}
