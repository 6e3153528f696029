package dev.streampoller.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The endpoints themselves, once a request is authenticated and within the rate limit. */
final class StreamApi {

  private final SimulatorOptions options;
  private final Clock clock;
  private final VideoStore videos;

  StreamApi(SimulatorOptions options, VideoStore videos) {
    this.options = options;
    this.clock = options.clock();
    this.videos = videos;
  }

  SimResponse answer(Route route, Authenticator.Result auth) {
    String method = route.method();
    if (route.matches("user", "tokens", "verify")) {
      return method.equals("GET") ? verifyToken(auth) : notAllowed();
    }
    if (route.matches("user")) {
      return method.equals("GET") ? user(auth) : notAllowed();
    }
    if (route.accountId() != null && !videos.hasAccount(route.accountId())) {
      return SimResponse.error(403, 10000, "Authentication error", options.extraFields());
    }
    if (route.matches("accounts", "*", "tokens", "verify")) {
      return method.equals("GET") ? verifyToken(auth) : notAllowed();
    }
    if (route.segments().size() > 2 && route.segment(2).equals("stream") && !auth.stream()) {
      // Cloudflare's answer to a token without Stream Read (or Stream Write).
      return SimResponse.error(403, 10000, "Authentication error", options.extraFields());
    }
    if (route.matches("accounts", "*", "stream")) {
      return method.equals("GET")
          ? VideoListing.answer(
              videos.ofAccount(route.segment(1)),
              route.query(),
              clock.instant(),
              videos.boundsInclusive(),
              options.extraFields())
          : notAllowed();
    }
    if (route.matches("accounts", "*", "stream", "*", "downloads")) {
      return downloads(route, "default");
    }
    if (route.matches("accounts", "*", "stream", "*", "downloads", "*")) {
      return route.method().equals("GET") ? notAllowed() : downloads(route, route.segment(5));
    }
    return SimResponse.error(
        404,
        7003,
        "Could not route to " + route.path() + ", perhaps your object identifier is invalid?",
        options.extraFields());
  }

  private SimResponse downloads(Route route, String type) {
    Optional<VideoStore.Video> found = videos.find(route.segment(1), route.segment(3));
    if (found.isEmpty()) {
      return SimResponse.error(404, 10005, "Video not found", options.extraFields());
    }
    VideoStore.Video video = found.get();
    Instant now = clock.instant();
    switch (route.method()) {
      case "GET":
        return SimResponse.success(render(video, video.polled(now)), options.extraFields());
      case "POST":
        if (!video.readyAt(now)) {
          // Cloudflare builds downloads of a video only once it is ready to stream.
          return SimResponse.error(
              400, 10011, "Video is not ready to stream yet", options.extraFields());
        }
        video.create(type, options.defaultBuildDuration(), now);
        ScriptedDownload.Snapshot snapshot =
            video
                .snapshot(now)
                .getOrDefault(type, new ScriptedDownload.Snapshot("inprogress", 0.0));
        return SimResponse.success(render(video, Map.of(type, snapshot)), options.extraFields());
      case "DELETE":
        return video.delete(type)
            ? SimResponse.success(TextNode.valueOf("ok"), options.extraFields())
            : SimResponse.error(404, 10006, "Download not found", options.extraFields());
      default:
        return notAllowed();
    }
  }

  private ObjectNode render(VideoStore.Video video, Map<String, ScriptedDownload.Snapshot> state) {
    ObjectNode result = SimResponse.JSON.createObjectNode();
    state.forEach(
        (type, snapshot) -> {
          ObjectNode download = result.putObject(type);
          download.put("status", snapshot.status());
          download.put("percentComplete", snapshot.percentComplete());
          download.put("url", video.url(type));
          if (options.extraFields()) {
            download.put("x_sim_size_bytes", 1234567L);
            download.putObject("x_sim_future").putArray("nested").add(1).add("two");
          }
        });
    return result;
  }

  private SimResponse verifyToken(Authenticator.Result auth) {
    if (!auth.token()) {
      // tokens/verify checks an Authorization header; a global key has none.
      return SimResponse.error(
          400,
          6003,
          "Invalid request headers",
          6111,
          "Invalid format for Authorization header",
          options.extraFields());
    }
    ObjectNode result = SimResponse.JSON.createObjectNode();
    result.put("id", opaqueId(auth));
    result.put("status", "active");
    return SimResponse.success(result, options.extraFields());
  }

  private SimResponse user(Authenticator.Result auth) {
    ObjectNode result = SimResponse.JSON.createObjectNode();
    result.put("id", opaqueId(auth));
    String credential = String.valueOf(auth.credentialId());
    if (credential.startsWith("key:")) {
      result.put("email", credential.substring(4));
    }
    return SimResponse.success(result, options.extraFields());
  }

  private SimResponse notAllowed() {
    return SimResponse.error(405, 10405, "Method not allowed", options.extraFields());
  }

  /** A stable 32-hex id that reveals nothing of the credential. */
  private static String opaqueId(Authenticator.Result auth) {
    byte[] bytes = String.valueOf(auth.credentialId()).getBytes(StandardCharsets.UTF_8);
    return UUID.nameUUIDFromBytes(bytes).toString().replace("-", "");
  }
}
