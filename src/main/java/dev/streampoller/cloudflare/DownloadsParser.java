package dev.streampoller.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampoller.tracking.DownloadStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code result} of a downloads call defensively: every key is a download type (new types
 * kept), any status string is kept, unknown fields are ignored, and the flat {@code {status,
 * percentComplete, url}} shape of older SDKs is read as the {@code default} download.
 */
final class DownloadsParser {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadsParser.class);

  private DownloadsParser() {}

  /** The downloads, or empty when {@code result} is not an object at all. */
  static Optional<List<Download>> parse(JsonNode result) {
    if (!result.isObject()) {
      return Optional.empty();
    }
    if (result.path("status").isTextual()) {
      return Optional.of(List.of(download("default", result)));
    }
    List<Download> downloads = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : result.properties()) {
      if (field.getValue().isObject()) {
        downloads.add(download(field.getKey(), field.getValue()));
      } else {
        LOG.debug("Ignoring non-object download entry '{}'", field.getKey());
      }
    }
    return Optional.of(downloads);
  }

  private static Download download(String type, JsonNode node) {
    JsonNode status = node.path("status");
    JsonNode url = node.path("url");
    return new Download(
        type,
        status.isTextual() ? status.asText() : DownloadStatus.UNKNOWN,
        percent(node.path("percentComplete")),
        url.isTextual() ? url.asText() : null);
  }

  private static @Nullable Double percent(JsonNode node) {
    double value;
    if (node.isNumber()) {
      value = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        value = Double.parseDouble(node.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(value) ? value : null;
  }
}
