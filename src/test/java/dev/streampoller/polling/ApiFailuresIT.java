package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad answers are recorded and retried; 429 and credential errors pause the whole account. */
@ExtendWith(PostgresExtension.class)
class ApiFailuresIT {
  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private VideoKey trackReadyVideo(String uid) {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        uid,
        List.of(ScriptedDownload.ready("default", Duration.ofSeconds(60))));
    return f.track(uid);
  }

  @Test
  void shouldRecordA5xxAsAFailedPollAndRetryWithBackoff() {
    VideoKey key = trackReadyVideo("vid1");
    f.simulator.enqueueFault(Fault.serverError(503));
    f.simulator.enqueueFault(Fault.serverError(503));
    PollCycle cycle = f.cycle("w");

    cycle.runOnce();
    TrackedVideo afterFirst = f.video(key);
    f.clock.set(afterFirst.nextPollAt());
    cycle.runOnce();
    TrackedVideo afterSecond = f.video(key);

    assertThat(afterFirst.consecutiveFailures()).isEqualTo(1);
    assertThat(afterFirst.lastError()).contains("503");
    assertThat(afterFirst.nextPollAt()).isEqualTo(afterFirst.lastPolledAt().plus(LoopFixture.MIN));
    assertThat(afterSecond.consecutiveFailures()).isEqualTo(2);
    assertThat(afterSecond.nextPollAt())
        .isEqualTo(afterSecond.lastPolledAt().plus(LoopFixture.MIN.multipliedBy(2)));
    assertThat(f.count("SELECT count(*) FROM download_transition")).isZero();

    f.clock.set(afterSecond.nextPollAt());
    cycle.runOnce();
    assertThat(f.video(key).consecutiveFailures()).isZero();
    assertThat(f.video(key).lastError()).as("kept for the operator").contains("503");
    assertThat(f.count("SELECT count(*) FROM download_transition")).isEqualTo(1);
  }

  @Test
  void shouldRecordHtmlAndMalformedBodiesAsFailedPolls() {
    VideoKey key = trackReadyVideo("vid1");
    f.simulator.enqueueFault(Fault.htmlBody(502));
    PollCycle cycle = f.cycle("w");

    cycle.runOnce();
    assertThat(f.video(key).consecutiveFailures()).isEqualTo(1);

    f.simulator.enqueueFault(Fault.malformedJson());
    f.clock.set(f.video(key).nextPollAt());
    cycle.runOnce();
    assertThat(f.video(key).consecutiveFailures()).isEqualTo(2);
    assertThat(f.video(key).isActive()).isTrue();
  }

  @Test
  void shouldPauseEveryRequestOfTheAccountUntilRetryAfterOn429() {
    VideoKey first = trackReadyVideo("vid1");
    VideoKey second = trackReadyVideo("vid2");
    f.simulator.enqueueFault(Fault.rateLimited(Duration.ofSeconds(40)));
    PollCycle cycle = f.cycle("w");

    assertThat(cycle.runOnce()).isEqualTo(2);

    assertThat(f.simulator.totalRequests()).as("the second video was not asked for").isEqualTo(1);
    assertThat(
            f.count("SELECT count(*) FROM cloudflare_account WHERE pause_reason = 'rate_limited'"))
        .isEqualTo(1);
    assertThat(f.video(first).nextPollAt()).isEqualTo(f.clock.instant().plusSeconds(40));
    assertThat(f.video(second).nextPollAt()).isEqualTo(f.clock.instant().plusSeconds(40));
    assertThat(f.video(first).consecutiveFailures()).as("not the video's fault").isZero();

    f.clock.advance(Duration.ofSeconds(39));
    assertThat(cycle.runOnce()).isZero();
    f.clock.advance(Duration.ofSeconds(2));
    assertThat(cycle.runOnce()).isEqualTo(2);
    assertThat(f.simulator.totalRequests()).isEqualTo(3);
  }

  @Test
  void shouldPauseFiveMinutesOnA429WithoutRetryAfter() {
    VideoKey key = trackReadyVideo("vid1");
    f.simulator.enqueueFault(Fault.rateLimitedWithoutRetryAfter());

    f.cycle("w").runOnce();

    assertThat(f.video(key).nextPollAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void shouldStopPollingTheAccountWhenTheCredentialIsRejected() {
    VideoKey key = trackReadyVideo("vid1");
    f.simulator.enqueueFault(Fault.cloudflareError(403, 10000, "Authentication error"));
    PollCycle cycle = f.cycle("w");

    cycle.runOnce();

    assertThat(
            f.count(
                "SELECT count(*) FROM cloudflare_account WHERE pause_reason = 'credential_rejected'"))
        .isEqualTo(1);
    assertThat(f.video(key).isActive()).as("rows are kept").isTrue();
    f.clock.advance(Duration.ofMinutes(4));
    assertThat(cycle.runOnce()).isZero();
    assertThat(f.simulator.totalRequests()).isEqualTo(1);
  }
}
