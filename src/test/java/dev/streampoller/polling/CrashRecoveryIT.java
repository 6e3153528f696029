package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker that dies (or stalls) between claiming a video and committing its poll loses nothing.
 */
@ExtendWith(PostgresExtension.class)
class CrashRecoveryIT {
  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldRepollAVideoWhoseWorkerDiedAfterClaimingItOnceTheLeaseExpires() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid1",
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(2))));
    VideoKey key = f.track("vid1");
    f.clock.advance(Duration.ofSeconds(5));
    // The dead worker claims and never comes back.
    List<TrackedVideo> claimed =
        f.database.inTransaction(
            c ->
                f.videos.claimDue(
                    c,
                    "dead-worker",
                    List.of(LoopFixture.ACCOUNT),
                    f.clock.instant(),
                    LoopFixture.LEASE,
                    10));
    assertThat(claimed).hasSize(1);
    PollCycle survivor = f.cycle("survivor");

    assertThat(survivor.runOnce()).as("leased to the dead worker").isZero();
    f.clock.advance(LoopFixture.LEASE.plusSeconds(1));
    assertThat(survivor.runOnce()).isEqualTo(1);

    assertThat(f.video(key).isActive()).isFalse();
    assertThat(f.count("SELECT count(*) FROM webhook_delivery WHERE event_type = 'download.ready'"))
        .isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE claimed_by IS NOT NULL")).isZero();
  }

  @Test
  void shouldDropTheResultOfAWorkerWhoseLeaseWasTakenOverSoNothingIsRecordedTwice() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid2",
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(2))));
    VideoKey key = f.track("vid2");
    f.clock.advance(Duration.ofSeconds(5));
    f.database.inTransaction(
        c ->
            f.videos.claimDue(
                c,
                "slow-worker",
                List.of(LoopFixture.ACCOUNT),
                f.clock.instant(),
                LoopFixture.LEASE,
                10));
    f.clock.advance(LoopFixture.LEASE.plusSeconds(1));
    f.cycle("fast-worker").runOnce();

    // The slow worker's answer finally arrives, after its lease was taken over.
    PollRecorder.Recorded late =
        f.recorder("slow-worker")
            .recordDownloads(
                key,
                List.of(new DownloadSnapshot("default", "ready", 100.0, "https://x/vid2")),
                f.clock.instant());

    assertThat(late.claimHeld()).isFalse();
    assertThat(f.count("SELECT count(*) FROM download_transition")).isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM webhook_delivery")).isEqualTo(1);
  }

  @Test
  void shouldNeverLetTwoWorkersClaimTheSameVideo() {
    for (int i = 0; i < 30; i++) {
      f.track("v" + i);
    }
    var first =
        f.database.inTransaction(
            c ->
                f.videos.claimDue(
                    c,
                    "a",
                    List.of(LoopFixture.ACCOUNT),
                    f.clock.instant(),
                    LoopFixture.LEASE,
                    20));
    var second =
        f.database.inTransaction(
            c ->
                f.videos.claimDue(
                    c,
                    "b",
                    List.of(LoopFixture.ACCOUNT),
                    f.clock.instant(),
                    LoopFixture.LEASE,
                    20));

    assertThat(first).hasSize(20);
    assertThat(second).hasSize(10);
    assertThat(second)
        .extracting(v -> v.key())
        .doesNotContainAnyElementsOf(first.stream().map(v -> v.key()).toList());
  }

  @Test
  void shouldRecoverAfterACrashBetweenSendingAWebhookAndRecordingIt() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid3",
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(1))));
    f.track("vid3");
    f.clock.advance(Duration.ofSeconds(2));
    f.cycle("w").runOnce();
    // A dispatcher claims the delivery, then dies before sending or recording.
    f.database.inTransaction(
        c ->
            new dev.streampoller.webhook.DeliveryRepository()
                .claimDue(c, "dead-dispatcher", f.clock.instant(), LoopFixture.LEASE, 10));

    assertThat(f.dispatcher().dispatchBatch()).isZero();
    f.clock.advance(LoopFixture.LEASE.plusSeconds(1));
    assertThat(f.dispatcher().dispatchBatch()).isEqualTo(1);

    assertThat(f.receiver.received()).hasSize(1);
    assertThat(f.count("SELECT count(*) FROM webhook_delivery WHERE state = 'delivered'"))
        .isEqualTo(1);
  }
}
