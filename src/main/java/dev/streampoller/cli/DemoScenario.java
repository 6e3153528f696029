package dev.streampoller.cli;

import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.ScriptedDownload.ProgressShape;
import dev.streampoller.simulator.StreamSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The demo's videos: varied outcomes and progress shapes, one video without downloads, one unknown
 * to the API, one uploaded while the daemon runs that auto-track finds, and a few injected API
 * faults. Uids get a random suffix so that repeated demos against one database never collide.
 */
final class DemoScenario {
  static final String ACCOUNT = "demoaccount";

  /** One demo video and how many webhooks it should produce. */
  record DemoVideo(
      String uid,
      String story,
      List<ScriptedDownload> downloads,
      int webhooks,
      boolean knownToApi,
      boolean uploaded) {
    DemoVideo(
        String uid,
        String story,
        List<ScriptedDownload> downloads,
        int webhooks,
        boolean knownToApi) {
      this(uid, story, downloads, webhooks, knownToApi, false);
    }
  }

  /** How long the uploaded video encodes before it is ready to stream. */
  static final Duration UPLOAD_ENCODING = Duration.ofSeconds(6);

  /** How often auto-track looks in the demo (the least it allows). */
  static final Duration AUTO_TRACK_INTERVAL = Duration.ofSeconds(5);

  private final List<DemoVideo> videos;

  private DemoScenario(List<DemoVideo> videos) {
    this.videos = videos;
  }

  static DemoScenario create() {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    List<DemoVideo> videos = new ArrayList<>();
    videos.add(
        new DemoVideo(
            "quick" + suffix,
            "MP4 and audio, both ready within ~12 s",
            List.of(
                ScriptedDownload.ready("default", Duration.ofSeconds(12)),
                ScriptedDownload.ready("audio", Duration.ofSeconds(8))),
            2,
            true));
    videos.add(
        new DemoVideo(
            "noisy" + suffix,
            "MP4 with noisy linear progress, ready in ~30 s",
            List.of(ScriptedDownload.ready("default", Duration.ofSeconds(30)).withNoise(7)),
            1,
            true));
    videos.add(
        new DemoVideo(
            "steps" + suffix,
            "MP4 progressing in steps, ready in ~20 s",
            List.of(
                ScriptedDownload.ready("default", Duration.ofSeconds(20))
                    .withShape(ProgressShape.STEPS)),
            1,
            true));
    videos.add(
        new DemoVideo(
            "jump" + suffix,
            "MP4 stuck at 0% then ready at once (~15 s)",
            List.of(
                ScriptedDownload.ready("default", Duration.ofSeconds(15))
                    .withShape(ProgressShape.STALL_THEN_JUMP)),
            1,
            true));
    videos.add(
        new DemoVideo(
            "broken" + suffix,
            "audio fails at 60%, MP4 ready in ~25 s",
            List.of(
                ScriptedDownload.ready("default", Duration.ofSeconds(25)),
                ScriptedDownload.error("audio", Duration.ofSeconds(15), 60.0)),
            2,
            true));
    videos.add(
        new DemoVideo(
            "empty" + suffix,
            "no download created yet: polled at the slow end",
            List.of(),
            0,
            true));
    videos.add(
        new DemoVideo(
            "gone" + suffix,
            "unknown to the API (404): tracking ends, tracked by SQL INSERT",
            List.of(),
            0,
            false));
    videos.add(
        new DemoVideo(
            "upload" + suffix,
            "uploaded during the demo, not tracked by anyone: auto-track finds it once encoded,"
                + " creates its MP4 download and watches it",
            List.of(),
            1,
            true,
            true));
    return new DemoScenario(List.copyOf(videos));
  }

  List<DemoVideo> videos() {
    return videos;
  }

  int expectedWebhooks() {
    return videos.stream().mapToInt(DemoVideo::webhooks).sum();
  }

  /** Registers the videos with the simulator and queues a few faults the daemon must ride out. */
  void install(StreamSimulator simulator) {
    for (DemoVideo video : videos) {
      if (video.knownToApi() && !video.uploaded()) {
        simulator.addVideo(ACCOUNT, video.uid(), video.downloads());
      }
    }
    simulator.enqueueFault(Fault.serverError(503));
    simulator.enqueueFault(Fault.htmlBody(502));
    simulator.enqueueFault(Fault.malformedJson());
    simulator.enqueueFault(Fault.rateLimited(Duration.ofSeconds(2)));
  }

  /** Uploads the videos auto-track is to find, as a user would once the daemon runs. */
  void upload(StreamSimulator simulator) {
    for (DemoVideo video : videos) {
      if (video.uploaded()) {
        simulator.upload(ACCOUNT, video.uid(), "demo-user", "Demo upload", UPLOAD_ENCODING);
      }
    }
  }

  static String describe(DemoVideo video) {
    return String.format(Locale.ROOT, "%-14s %s", video.uid(), video.story());
  }
}
