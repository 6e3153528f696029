package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.tracking.Detection;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.StoredDownload;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PollPolicyTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration MIN = Duration.ofSeconds(5);
  private static final Duration MAX = Duration.ofMinutes(2);
  private final PollPolicy policy = new PollPolicy(MIN, MAX, Duration.ofHours(24));

  private static final DownloadSnapshot IN_PROGRESS =
      new DownloadSnapshot("default", "inprogress", 50.0, null);
  private static final Detection CHANGED =
      new Detection(
          List.of(new Transition("default", 1, null, IN_PROGRESS, NOW)),
          List.of(new StoredDownload(IN_PROGRESS, 1, NOW)),
          Set.of(),
          false);
  private static final Detection UNCHANGED =
      new Detection(List.of(), List.of(new StoredDownload(IN_PROGRESS, 1, NOW)), Set.of(), false);
  private static final Detection NO_DOWNLOADS =
      new Detection(List.of(), List.of(), Set.of(), false);

  private static TrackedVideo video(Instant createdAt, Instant lastPolledAt) {
    return changedAt(createdAt, lastPolledAt, null);
  }

  private static TrackedVideo changedAt(Instant createdAt, Instant lastPolledAt, Instant changed) {
    return new TrackedVideo(
        new VideoKey("acc", "vid"), createdAt, NOW, lastPolledAt, 3, 0, null, changed, null, null);
  }

  @Test
  void shouldPollAgainAfterMinIntervalWhenProgressMoved() {
    assertThat(policy.afterSuccess(video(NOW.minusSeconds(60), NOW.minusSeconds(40)), CHANGED, NOW))
        .isEqualTo(NOW.plus(MIN));
  }

  @Test
  void shouldDoubleTheGapWhenNothingChanged() {
    assertThat(
            policy.afterSuccess(video(NOW.minusSeconds(60), NOW.minusSeconds(10)), UNCHANGED, NOW))
        .isEqualTo(NOW.plusSeconds(20));
  }

  @Test
  void shouldCapTheGapAtMaxInterval() {
    assertThat(
            policy.afterSuccess(
                video(NOW.minusSeconds(600), NOW.minusSeconds(100)), UNCHANGED, NOW))
        .isEqualTo(NOW.plus(MAX));
  }

  @Test
  void shouldNeverPollSoonerThanMinInterval() {
    assertThat(
            policy.afterSuccess(video(NOW.minusSeconds(60), NOW.minusSeconds(1)), UNCHANGED, NOW))
        .isEqualTo(NOW.plus(MIN));
  }

  @Test
  void shouldPollAtTheSlowEndWhileNoDownloadExists() {
    assertThat(
            policy.afterSuccess(
                video(NOW.minusSeconds(60), NOW.minusSeconds(1)), NO_DOWNLOADS, NOW))
        .isEqualTo(NOW.plus(MAX));
  }

  @Test
  void shouldBackOffExponentiallyAfterFailures() {
    assertThat(policy.afterFailure(1, NOW)).isEqualTo(NOW.plus(MIN));
    assertThat(policy.afterFailure(2, NOW)).isEqualTo(NOW.plusSeconds(10));
    assertThat(policy.afterFailure(3, NOW)).isEqualTo(NOW.plusSeconds(20));
    assertThat(policy.afterFailure(50, NOW)).isEqualTo(NOW.plus(MAX));
  }

  @Test
  void shouldRejectZeroFailures() {
    assertThatThrownBy(() -> policy.afterFailure(0, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldGiveUpOnlyOnceGiveUpAfterHasPassedSinceTrackingStarted() {
    assertThat(policy.shouldGiveUp(video(NOW.minus(Duration.ofHours(24)).plusSeconds(1), NOW), NOW))
        .isFalse();
    assertThat(policy.shouldGiveUp(video(NOW.minus(Duration.ofHours(24)), NOW), NOW)).isTrue();
  }

  @Test
  void shouldNotGiveUpWhileDownloadsKeepChanging() {
    Instant longAgo = NOW.minus(Duration.ofHours(48));

    assertThat(policy.shouldGiveUp(changedAt(longAgo, NOW, NOW.minus(Duration.ofHours(23))), NOW))
        .isFalse();
    assertThat(policy.shouldGiveUp(changedAt(longAgo, NOW, NOW.minus(Duration.ofHours(24))), NOW))
        .isTrue();
  }

  @Test
  void shouldCountGiveUpFromARetrackNotFromAnOlderChange() {
    Instant retracked = NOW.minus(Duration.ofHours(1));

    assertThat(policy.shouldGiveUp(changedAt(retracked, NOW, NOW.minus(Duration.ofDays(5))), NOW))
        .isFalse();
  }

  @Test
  void shouldRejectMaxBelowMin() {
    assertThatThrownBy(() -> new PollPolicy(MAX, MIN, Duration.ofHours(1)))
        .hasMessageContaining("minInterval");
  }
}
