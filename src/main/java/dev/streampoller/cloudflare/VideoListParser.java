package dev.streampoller.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the {@code result} of a list answer: an array of video objects, of which only {@code uid},
 * {@code created} and {@code readyToStream} are used (every other field is ignored, new ones too).
 * One unusable item makes the whole answer unusable: skipping it would move a cursor past a video.
 * So does an answer out of created order (asked with {@code asc=true}): a cursor moved to its first
 * item's time would pass the older ones after it.
 */
final class VideoListParser {
  private static final Pattern UID = Pattern.compile("[A-Za-z0-9]{1,32}");

  private VideoListParser() {}

  /** The videos, or why the answer cannot be used. */
  static Parsed parse(JsonNode result) {
    if (!result.isArray()) {
      return new Parsed(List.of(), "result is not an array");
    }
    List<ListedVideo> videos = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      JsonNode item = result.get(i);
      String uid = item.path("uid").asText("");
      if (!UID.matcher(uid).matches()) {
        return new Parsed(List.of(), "video " + (i + 1) + " has no valid uid");
      }
      try {
        Instant created = OffsetDateTime.parse(item.path("created").asText("")).toInstant();
        boolean ready =
            item.path("readyToStream").asBoolean(false)
                || "ready".equals(item.path("status").path("state").asText(""));
        if (!videos.isEmpty() && created.isBefore(videos.get(videos.size() - 1).created())) {
          return new Parsed(
              List.of(), "video " + uid + " is older than the one before it: not oldest first");
        }
        videos.add(new ListedVideo(uid, created, ready));
      } catch (DateTimeParseException e) {
        return new Parsed(List.of(), "video " + uid + " has no valid created time");
      }
    }
    return new Parsed(videos, null);
  }

  /** The videos when {@code problem} is null. */
  record Parsed(List<ListedVideo> videos, @org.jspecify.annotations.Nullable String problem) {}
}
