package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.ConfigKeys;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker that dies (or stalls) between claiming a video and committing its poll loses nothing.
 */
@ExtendWith(PostgresExtension.class)
class CrashRecoveryIT {
  /** The documented defaults of {@code poll.lease} and {@code poll.check-interval}. */
  private static final Duration POLL_LEASE = Duration.parse(ConfigKeys.POLL_LEASE.defaultText());

  private static final Duration POLL_CHECK_INTERVAL =
      Duration.parse(ConfigKeys.POLL_CHECK_INTERVAL.defaultText());

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
                    LoopFixture.DUE_ONLY,
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
  void shouldRepollAKilledInstancesVideoWithin30SecondsWithTheDefaultLease() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid9",
        List.of(ScriptedDownload.ready("default", Duration.ofMinutes(5))));
    VideoKey key = f.track("vid9");
    // Killed right after renewing its claim for a request: the longest a claim can outlive it.
    f.database.inTransaction(
        c ->
            f.videos.claimDue(
                c,
                "killed",
                List.of(LoopFixture.ACCOUNT),
                f.clock.instant(),
                POLL_LEASE,
                LoopFixture.DUE_ONLY,
                10));
    Instant killedAt = f.clock.instant();
    PollCycle survivor = f.cycle("survivor");
    f.clock.advance(POLL_LEASE.minusSeconds(1));
    assertThat(survivor.runOnce()).as("still leased to the killed instance").isZero();

    // The survivor's poll job looks again one check interval later at most.
    f.clock.set(killedAt.plus(POLL_LEASE).plus(POLL_CHECK_INTERVAL));
    assertThat(survivor.runOnce()).isEqualTo(1);

    assertThat(Duration.between(killedAt, f.video(key).lastPolledAt()))
        .isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldDropTheResultOfAWorkerWhoseLeaseWasTakenOverSoNothingIsRecordedTwice() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid2",
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(60))));
    VideoKey key = f.track("vid2");
    f.clock.advance(Duration.ofSeconds(5));
    // Round 1 of this very process claims the video, then stalls past its lease.
    f.claim("instance-a/1");
    f.clock.advance(LoopFixture.LEASE.plusSeconds(1));
    // Round 2 of the same process takes it over and records the current state.
    assertThat(f.claim("instance-a/2")).hasSize(1);
    PollRecorder recorder = f.recorder();
    recorder.recordDownloads(
        key,
        "instance-a/2",
        List.of(new DownloadSnapshot("default", "inprogress", 20.0, "https://x/vid2")),
        f.clock.instant(),
        LoopFixture.BUDGET,
        Optional.empty());

    // The stalled round's older answer finally arrives.
    PollRecorder.Recorded late =
        recorder.recordDownloads(
            key,
            "instance-a/1",
            List.of(new DownloadSnapshot("default", "inprogress", 5.0, "https://x/vid2")),
            f.clock.instant(),
            LoopFixture.BUDGET,
            Optional.empty());

    assertThat(late.claimHeld()).isFalse();
    assertThat(f.video(key).isActive()).isTrue();
    assertThat(f.count("SELECT count(*) FROM download_transition")).isEqualTo(1);
    assertThat(f.count("SELECT percent_complete FROM download_state")).isEqualTo(20);
  }

  @Test
  void shouldNotPollAVideoWhoseAccountAnotherInstancePausedAfterTheClaim() {
    VideoKey key = f.track("vid4");
    f.claim("instance-b/1");
    Instant until = f.clock.instant().plusSeconds(60);
    f.database.run(
        c ->
            new AccountPauseRepository()
                .pause(
                    c,
                    LoopFixture.ACCOUNT,
                    until,
                    AccountPauseRepository.Reason.RATE_LIMITED,
                    "429 seen by instance a",
                    f.clock.instant()));

    PollRecorder.Start start =
        f.recorder().begin(key, "instance-b/1", f.clock.instant(), LoopFixture.LEASE, f.group());

    assertThat(start).isEqualTo(new PollRecorder.Start.NotBefore(until));
    assertThat(f.video(key).nextPollAt()).isEqualTo(until);
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE claimed_by IS NOT NULL")).isZero();
  }

  @Test
  void shouldGiveAClaimedVideoBackWhenTheBudgetRanOutBeforeItsRequest() {
    VideoKey key = f.track("vid5");
    f.claim("instance-b/1");
    // Meanwhile other instances spent every token.
    f.database.run(
        c -> {
          RequestBudgetRepository budgets = new RequestBudgetRepository();
          TokenBucket bucket =
              budgets.lock(c, "token:test", LoopFixture.BUDGET_PER_5_MIN, f.clock.instant());
          budgets.store(
              c, "token:test", bucket.take(bucket.whole(f.clock.instant()), f.clock.instant()));
        });

    PollRecorder.Start start =
        f.recorder().begin(key, "instance-b/1", f.clock.instant(), LoopFixture.LEASE, f.group());

    assertThat(start).isInstanceOf(PollRecorder.Start.NotBefore.class);
    assertThat(f.video(key).nextPollAt()).isAfter(f.clock.instant());
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE claimed_by IS NOT NULL")).isZero();
    assertThat(f.simulator.totalRequests()).isZero();
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
                    LoopFixture.DUE_ONLY,
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
                    LoopFixture.DUE_ONLY,
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
                .claimDue(
                    c,
                    "dead-dispatcher",
                    f.clock.instant(),
                    LoopFixture.LEASE,
                    10,
                    List.of("default"),
                    List.of()));

    assertThat(f.dispatcher().dispatchBatch()).isZero();
    f.clock.advance(LoopFixture.LEASE.plusSeconds(1));
    assertThat(f.dispatcher().dispatchBatch()).isEqualTo(1);

    assertThat(f.receiver.received()).hasSize(1);
    assertThat(f.count("SELECT count(*) FROM webhook_delivery WHERE state = 'delivered'"))
        .isEqualTo(1);
  }
}
