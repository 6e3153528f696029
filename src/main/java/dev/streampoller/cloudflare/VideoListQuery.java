package dev.streampoller.cloudflare;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Optional;
import org.apache.hc.core5.net.URIBuilder;

/**
 * What discovery asks the list call: videos that are ready to stream ({@code status=ready}), oldest
 * first ({@code asc=true}), created strictly after {@code after} and, when given, strictly before
 * {@code before}, optionally only those of one {@code creator} or whose name contains {@code
 * search}.
 */
public record VideoListQuery(
    Instant after, Optional<Instant> before, Optional<String> creator, Optional<String> search) {

  URI appendTo(URI base) {
    try {
      URIBuilder builder =
          new URIBuilder(base)
              .addParameter("asc", "true")
              .addParameter("status", "ready")
              .addParameter("after", after.toString());
      before.ifPresent(b -> builder.addParameter("before", b.toString()));
      creator.ifPresent(c -> builder.addParameter("creator", c));
      search.ifPresent(s -> builder.addParameter("search", s));
      return builder.build();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot build the list URL: " + e.getMessage(), e);
    }
  }
}
