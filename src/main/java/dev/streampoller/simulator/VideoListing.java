package dev.streampoller.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /accounts/{id}/stream}: the account's videos as Cloudflare's list call gives them.
 * Newest first unless {@code asc=true}; {@code after}/{@code before} (created strictly after or
 * before an ISO-8601 time, or inclusively when {@code inclusive}: Cloudflare calls them aliases of
 * {@code start}/{@code end} and does not say which) and {@code start}/{@code end} (inclusive);
 * {@code status} (the video's state: {@code inprogress} while encoding, then {@code ready}); {@code
 * creator} (exact); {@code search} (in the name, any case). At most {@value #CAP} videos, no pages:
 * the created time of the last one is where the next request starts.
 */
final class VideoListing {
  /** The most videos one answer holds. */
  static final int CAP = 1000;

  private VideoListing() {}

  static SimResponse answer(
      List<VideoStore.Video> videos,
      Map<String, String> query,
      Instant now,
      boolean inclusive,
      boolean extraFields) {
    List<Predicate<VideoStore.Video>> filters = new ArrayList<>();
    try {
      time(query, "after")
          .ifPresent(
              t -> filters.add(v -> v.created().isAfter(t) || inclusive && v.created().equals(t)));
      time(query, "before")
          .ifPresent(
              t -> filters.add(v -> v.created().isBefore(t) || inclusive && v.created().equals(t)));
      time(query, "start").ifPresent(t -> filters.add(v -> !v.created().isBefore(t)));
      time(query, "end").ifPresent(t -> filters.add(v -> !v.created().isAfter(t)));
    } catch (DateTimeParseException e) {
      return SimResponse.error(400, 1002, "Invalid date: " + e.getParsedString(), extraFields);
    }
    String status = query.get("status");
    if (status != null) {
      filters.add(v -> state(v, now).equals(status));
    }
    String creator = query.get("creator");
    if (creator != null) {
      filters.add(v -> v.upload().creator().equals(creator));
    }
    String search = query.get("search");
    if (search != null) {
      String needle = search.toLowerCase(Locale.ROOT);
      filters.add(v -> v.upload().name().toLowerCase(Locale.ROOT).contains(needle));
    }
    List<VideoStore.Video> matched =
        new ArrayList<>(
            videos.stream().filter(v -> filters.stream().allMatch(f -> f.test(v))).toList());
    if (!"true".equals(query.get("asc"))) {
      Collections.reverse(matched);
    }
    ArrayNode result = SimResponse.JSON.createArrayNode();
    matched.stream().limit(CAP).forEach(v -> render(result.addObject(), v, now));
    return SimResponse.list(result, matched.size(), CAP, extraFields);
  }

  private static java.util.Optional<Instant> time(Map<String, String> query, String name) {
    return java.util.Optional.ofNullable(query.get(name))
        .map(t -> java.time.OffsetDateTime.parse(t).toInstant());
  }

  private static String state(VideoStore.Video video, Instant now) {
    return video.readyAt(now) ? "ready" : "inprogress";
  }

  private static void render(ObjectNode out, VideoStore.Video video, Instant now) {
    boolean ready = video.readyAt(now);
    out.put("uid", video.upload().uid());
    if (video.upload().creator().isEmpty()) {
      out.putNull("creator");
    } else {
      out.put("creator", video.upload().creator());
    }
    out.put("created", video.created().toString());
    out.put("modified", (ready ? video.readyAt() : video.created()).toString());
    out.put("readyToStream", ready);
    if (ready) {
      out.put("readyToStreamAt", video.readyAt().toString());
    } else {
      out.putNull("readyToStreamAt");
    }
    out.putObject("status")
        .put("state", state(video, now))
        .put("pctComplete", ready ? "100.000000" : "50.000000")
        .put("errorReasonCode", "")
        .put("errorReasonText", "");
    out.putObject("meta").put("name", video.upload().name());
    out.put("duration", ready ? 12.5 : -1);
    out.put("requireSignedURLs", false);
    out.put(
        "preview", "https://customer-sim.cloudflarestream.com/" + video.upload().uid() + "/watch");
  }
}
