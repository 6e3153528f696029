package dev.streampoller.cloudflare;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes ids as single path segments, so an odd id can never change the request's path. */
final class PathSegments {
  private PathSegments() {}

  static String encode(String segment) {
    if (segment == null || segment.isBlank()) {
      throw new IllegalArgumentException("an id in a request path must not be blank");
    }
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
