package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.EndReason;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole loop against the simulator: track, poll, record, enqueue, deliver. */
@ExtendWith(PostgresExtension.class)
class PollLoopIT {
  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldRecordEveryTransitionAndDeliverOneSignedWebhookPerTerminalDownload() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid1",
        List.of(
            ScriptedDownload.ready("default", Duration.ofSeconds(20)),
            ScriptedDownload.error("audio", Duration.ofSeconds(10), 50.0)));
    VideoKey key = f.track("vid1");
    PollCycle cycle = f.cycle("worker-1");

    f.pollUntilEnded(cycle, key, Duration.ofSeconds(2), 40);

    assertThat(f.video(key).endReason()).isEqualTo(EndReason.DONE);
    assertThat(f.count("SELECT count(*) FROM download_transition WHERE to_status = 'ready'"))
        .isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM download_transition WHERE to_status = 'error'"))
        .isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM download_transition WHERE from_status IS NULL"))
        .isEqualTo(2);
    assertThat(f.count("SELECT count(*) FROM download_transition WHERE download_type = 'default'"))
        .as("first sight, progress steps, ready")
        .isGreaterThan(3);
    assertThat(f.count("SELECT count(*) FROM download_state WHERE status IN ('ready', 'error')"))
        .isEqualTo(2);
    assertThat(f.count("SELECT count(*) FROM webhook_delivery WHERE state = 'pending'"))
        .isEqualTo(2);
    assertThat(f.deliveryWakeUps.get()).isPositive();

    assertThat(f.dispatcher().dispatchBatch()).isEqualTo(2);

    assertThat(f.receiver.received()).hasSize(2).allMatch(ReceivedWebhook::signatureValid);
    assertThat(f.receiver.received())
        .extracting(w -> w.json().path("type").asText())
        .containsExactlyInAnyOrder("download.ready", "download.error");
    ReceivedWebhook ready =
        f.receiver.received().stream()
            .filter(w -> w.json().path("type").asText().equals("download.ready"))
            .findFirst()
            .orElseThrow();
    assertThat(ready.json().path("data").path("videoId").asText()).isEqualTo("vid1");
    assertThat(ready.json().path("data").path("downloadType").asText()).isEqualTo("default");
    assertThat(ready.json().path("data").path("previousStatus").asText()).isEqualTo("inprogress");
    assertThat(ready.json().path("data").path("url").asText()).contains("vid1");
    assertThat(f.count("SELECT count(*) FROM webhook_delivery WHERE state = 'delivered'"))
        .isEqualTo(2);
  }

  @Test
  void shouldAlsoDeliverToTheVideosOwnCallbackUrlWithTheSameEventId() {
    try (var tenant =
        dev.streampoller.simulator.WebhookReceiver.builder(f.webhookSecret, f.clock).start()) {
      f.simulator.addVideo(
          LoopFixture.ACCOUNT,
          "vidcb",
          List.of(ScriptedDownload.ready("default", Duration.ofSeconds(1))));
      VideoKey key = new VideoKey(LoopFixture.ACCOUNT, "vidcb");
      f.database.inTransaction(c -> f.videos.track(c, key, f.clock.instant(), tenant.url()));
      f.clock.advance(Duration.ofSeconds(2));

      f.cycle("worker-1").runOnce();
      f.dispatcher().dispatchBatch();

      assertThat(tenant.received()).singleElement().matches(ReceivedWebhook::signatureValid);
      assertThat(f.receiver.received())
          .singleElement()
          .satisfies(w -> assertThat(w.msgId()).isEqualTo(tenant.received().get(0).msgId()));
    }
  }

  @Test
  void shouldKeepPollingEverythingWhenAHandWrittenCallbackUrlDoesNotParse() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vidok",
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(1))));
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vidbad",
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(1))));
    f.track("vidok");
    f.database.run(
        c ->
            c.createStatement()
                .execute(
                    "INSERT INTO tracked_video (account_id, video_uid, callback_url, created_at,"
                        + " next_poll_at) VALUES ('acc1', 'vidbad',"
                        + " 'https://tenant.example/{uid}', '2026-03-01T10:00:00Z',"
                        + " '2026-03-01T10:00:00Z')"));
    f.clock.advance(Duration.ofSeconds(2));

    f.cycle("worker-1").runOnce();

    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE end_reason = 'done'"))
        .isEqualTo(2);
    assertThat(f.count("SELECT count(*) FROM webhook_delivery WHERE endpoint = '@callback'"))
        .isZero();
  }

  @Test
  void shouldStopPollingAVideoOnceEveryDownloadIsTerminal() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid2",
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(3))));
    VideoKey key = f.track("vid2");
    PollCycle cycle = f.cycle("worker-1");
    f.pollUntilEnded(cycle, key, Duration.ofSeconds(2), 20);
    int requests = f.simulator.requestsForVideo("vid2");

    for (int i = 0; i < 5; i++) {
      f.clock.advance(Duration.ofMinutes(1));
      assertThat(cycle.runOnce()).isZero();
    }

    assertThat(f.simulator.requestsForVideo("vid2")).isEqualTo(requests);
  }

  @Test
  void shouldKeepPollingAVideoWithoutDownloadsAtTheSlowEndUntilGiveUp() {
    f.simulator.addVideo(LoopFixture.ACCOUNT, "nodl", List.of());
    VideoKey key = f.track("nodl");
    PollCycle cycle = f.cycle("worker-1");

    cycle.runOnce();

    assertThat(f.video(key).nextPollAt()).isEqualTo(f.clock.instant().plus(LoopFixture.MAX));
    f.clock.advance(LoopFixture.GIVE_UP);
    cycle.runOnce();
    assertThat(f.video(key).endReason()).isEqualTo(EndReason.GAVE_UP);
  }

  @Test
  void shouldEndTrackingWithReasonWhenTheVideoIsGone() {
    VideoKey key = f.track("unknownvideo");

    f.cycle("worker-1").runOnce();

    assertThat(f.video(key).endReason()).isEqualTo(EndReason.VIDEO_GONE);
    assertThat(f.video(key).lastError()).contains("404");
  }

  @Test
  void shouldEndDoneWhenEveryDownloadWithAStatusIsReadyAndRecordTheEntryWithoutOne() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT, "vid4", List.of(ScriptedDownload.ready("default", Duration.ZERO)));
    f.simulator.enqueueFault(
        dev.streampoller.simulator.Fault.rawBody(
            200,
            "application/json",
            "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{"
                + "\"default\":{\"status\":\"ready\",\"percentComplete\":100,"
                + "\"url\":\"https://x/default.mp4\"},"
                + "\"thumbnails\":{\"count\":3}}}"));
    VideoKey key = f.track("vid4");

    f.cycle("worker-1").runOnce();

    assertThat(f.video(key).endReason()).isEqualTo(EndReason.DONE);
    assertThat(
            f.count(
                "SELECT count(*) FROM download_state WHERE download_type = 'thumbnails'"
                    + " AND status = 'unknown'"))
        .as("the entry without a status is recorded for inspection")
        .isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM webhook_delivery")).isEqualTo(1);
  }

  @Test
  void shouldKeepUnknownStatusAndNewDownloadTypesAsData() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid3",
        List.of(ScriptedDownload.ready("hls-archive", Duration.ofSeconds(30))));
    f.simulator.overrideStatus(LoopFixture.ACCOUNT, "vid3", "hls-archive", "queued");
    VideoKey key = f.track("vid3");

    f.cycle("worker-1").runOnce();

    assertThat(
            f.count(
                "SELECT count(*) FROM download_state WHERE download_type = 'hls-archive' AND status = 'queued'"))
        .isEqualTo(1);
    assertThat(f.video(key).isActive()).isTrue();
  }
}
