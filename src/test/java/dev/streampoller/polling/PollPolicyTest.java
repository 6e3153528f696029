package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.tracking.CompletionModel;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The predictive policy on each progress shape it must handle, and its bounds. */
class PollPolicyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration MIN = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofMinutes(2);
  private static final Budget AMPLE = new Budget(4, 4);
  private static final Budget SCARCE = new Budget(4, 2000);
  private final PollPolicy policy = new PollPolicy(MIN, MAX, Duration.ofHours(24));

  /** Points {seconds after T0, percent}, ...; the last is the current observation. */
  private static VideoHistory inProgress(double... secondsAndPercents) {
    List<ProgressPoint> points = new ArrayList<>();
    for (int i = 0; i < secondsAndPercents.length; i += 2) {
      points.add(new ProgressPoint(at(secondsAndPercents[i]), secondsAndPercents[i + 1]));
    }
    return new VideoHistory(T0, List.of(new DownloadProgress("default", "inprogress", points)));
  }

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  private static double secondsAfter(Instant instant, Instant from) {
    return Duration.between(from, instant).toMillis() / 1000.0;
  }

  @Test
  void shouldProbeSoonAfterTheFirstSightToMeasureTheRate() {
    PollDecision next = policy.afterSuccess(inProgress(0, 2), at(0), AMPLE);

    assertThat(secondsAfter(next.nextPollAt(), at(0))).isBetween(1.0, 20.0);
    // Ranked as a new track is: as if the download had started UNSEEN_AGE before it was seen.
    assertThat(next.model())
        .isEqualTo(CompletionModel.byAge(CompletionModel.UNSEEN_AGE.toSeconds()));
  }

  @Test
  void shouldPollAtThePredictedCompletionOfALinearDownloadWhenBudgetIsScarce() {
    // 10% per 10 s: 100% at t=100 s.
    PollDecision next = policy.afterSuccess(inProgress(0, 0, 10, 10, 20, 20), at(20), SCARCE);

    assertThat(secondsAfter(next.nextPollAt(), T0))
        .isCloseTo(100.0, org.assertj.core.data.Offset.offset(1.0));
    // The claim ranks it by the prediction it is planned around.
    assertThat(secondsAfter(next.model().predictedAt(), T0))
        .isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(next.model().spreadSeconds()).isPositive();
    assertThat(next.model().ageSeconds()).isNull();
  }

  @Test
  void shouldPollWhereTheExpectedLatencyIsLeastWhenAMissCostsTheMinimumInterval() {
    // A poll at t finds a completion T <= t after t - T, one that misses it min later: expected
    // latency (t - mean) + min * P(T > t). Searched on a grid of completion polls (at or after the
    // prediction: at least even odds of finding the end), for spreads well under min.
    double min = 5;
    for (double sigma : new double[] {0.2, 0.5, 1.0, 1.5}) {
      double best = Double.NaN;
      double least = Double.MAX_VALUE;
      for (double t = 0; t <= 6 * sigma; t += sigma / 1000) {
        double latency = t + min * (1 - CompletionModel.normalCdf(t / sigma));
        if (latency < least) {
          least = latency;
          best = t;
        }
      }
      assertThat(PollPolicy.afterPrediction(sigma, min))
          .isCloseTo(best, org.assertj.core.data.Offset.offset(sigma / 100));
    }
  }

  @Test
  void shouldPollAtThePredictionItselfWhenTheSpreadIsWideAgainstTheMinimumInterval() {
    // Wider than min / sqrt(2 pi): a miss is not found by the next poll, the model does not hold.
    assertThat(PollPolicy.afterPrediction(2.0, 5)).isZero();
    assertThat(PollPolicy.afterPrediction(10, 5)).isZero();
    assertThat(PollPolicy.afterPrediction(0, 5)).isZero();
  }

  @Test
  void shouldPlanAfterANarrowPredictionWhenTheMinimumIntervalIsLong() {
    // 1% per second, 8 observations: relative error 0.19 of the remaining 12 s, sigma 2.3 s.
    // min-interval 10 s: the poll comes after the prediction (t = 100 s), by afterPrediction.
    PollPolicy slow = new PollPolicy(Duration.ofSeconds(10), MAX, Duration.ofHours(24));
    VideoHistory history = inProgress(0, 0, 12, 12, 24, 24, 36, 36, 48, 48, 60, 60, 72, 72, 88, 88);
    double sigma = 0.5 / Math.sqrt(7) * 12;

    PollDecision next = slow.afterSuccess(history, at(88), SCARCE);

    double expected = 100 + PollPolicy.afterPrediction(sigma, 10);
    assertThat(expected).isGreaterThan(101);
    assertThat(secondsAfter(next.nextPollAt(), T0))
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
    assertThat(next.urgency()).isGreaterThan(0.5);
  }

  @Test
  void shouldPollAheadOfThePredictionWhenBudgetIsAmple() {
    PollDecision ample = policy.afterSuccess(inProgress(0, 0, 10, 10, 20, 20), at(20), AMPLE);

    assertThat(secondsAfter(ample.nextPollAt(), T0)).isBetween(21.0, 99.0);
  }

  @Test
  void shouldBeMostUrgentWhenCompletionIsImminent() {
    PollDecision near = policy.afterSuccess(inProgress(0, 0, 90, 90), at(90), SCARCE);
    PollDecision far = policy.afterSuccess(inProgress(0, 0, 10, 1), at(10), SCARCE);

    assertThat(near.urgency()).isGreaterThan(far.urgency());
    assertThat(near.rank()).isBefore(far.rank());
  }

  @Test
  void shouldPollSoonAndUrgentlyWhenThePredictedCompletionHasPassed() {
    // Predicted 100% at t=100 s, now t=130 s and still 90%: the rate estimate is refreshed.
    PollDecision next = policy.afterSuccess(inProgress(0, 0, 50, 50, 130, 90), at(130), SCARCE);

    assertThat(secondsAfter(next.nextPollAt(), at(130))).isLessThan(40.0);
    assertThat(next.urgency()).isGreaterThan(0.5);
  }

  @Test
  void shouldHandleProgressInSteps() {
    // 0, 25, 50 at quarter marks of 200 s: predicts about t=200 s.
    PollDecision next = policy.afterSuccess(inProgress(0, 0, 50, 25, 100, 50), at(100), SCARCE);

    assertThat(secondsAfter(next.nextPollAt(), T0)).isBetween(150.0, 220.0);
  }

  @Test
  void shouldBackOffWhileProgressStallsAtZero() {
    Budget roomy = new Budget(1, 120);
    PollDecision early = policy.afterSuccess(inProgress(0, 0, 10, 0), at(10), roomy);
    PollDecision later = policy.afterSuccess(inProgress(0, 0, 10, 0, 60, 0), at(60), roomy);

    assertThat(secondsAfter(later.nextPollAt(), at(60)))
        .isGreaterThan(secondsAfter(early.nextPollAt(), at(10)));
    // Worth the chance that it ends in the next 60 s, having run 60 s: 60 / (60 + 60).
    assertThat(later.urgency()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    // No prediction: ranked by the age the download had at this poll, counted from UNSEEN_AGE
    // before it was tracked.
    assertThat(later.model())
        .isEqualTo(CompletionModel.byAge(60 + CompletionModel.UNSEEN_AGE.toSeconds()));
  }

  @Test
  void shouldNeverLetAStalledDownloadWaitLongerThanItsFairShare() {
    PollDecision next =
        policy.afterSuccess(inProgress(0, 0, 10, 0, 100, 0), at(100), new Budget(1, 30));

    assertThat(secondsAfter(next.nextPollAt(), at(100))).isEqualTo(30.0);
  }

  @Test
  void shouldValueAStallCheckByTheChanceThatItEndsMeanwhileGivenItsAge() {
    Budget roomy = new Budget(1, 120);
    PollDecision brief = policy.afterSuccess(inProgress(0, 0, 10, 0), at(10), roomy);
    PollDecision long_ = policy.afterSuccess(inProgress(0, 0, 900, 0), at(900), roomy);

    // Heavy-tailed durations: having run 900 s, the next 120 s end it less likely (120 / 1020)
    // than the next 10 s end one that has run 10 s (10 / 20).
    assertThat(long_.urgency()).isCloseTo(120.0 / 1020, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(brief.urgency()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void shouldPredictFromTheTrackTimeWhenTheFirstSightComesLate() {
    // Tracked at T0, first seen 60 s later at 50%: 100% expected around t=120 s, no probe needed.
    VideoHistory history =
        new VideoHistory(
            T0,
            List.of(
                new DownloadProgress(
                    "default", "inprogress", List.of(new ProgressPoint(at(60), 50)))));

    PollDecision next = policy.afterSuccess(history, at(60), SCARCE);

    assertThat(secondsAfter(next.nextPollAt(), T0))
        .isCloseTo(120.0, org.assertj.core.data.Offset.offset(1.0));
    // At the predicted moment it is as likely over as not.
    assertThat(next.urgency()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void shouldPlanAVideosNextPollForItsMostUrgentOpenDownload() {
    // Of two open downloads, the one due at the same time with the better odds plans the poll.
    PollDecision likely = new PollDecision(at(60), 0.9, CompletionModel.byAge(10));
    PollDecision unlikely = new PollDecision(at(60), 0.1, CompletionModel.byAge(10));

    assertThat(likely.rank()).isBefore(unlikely.rank());
  }

  @Test
  void shouldLeaveFarCompletionsToTheAgeGuaranteeAndValueTheirLeadPollByItsOdds() {
    // 1% per 10 s: 100% at t=1000 s. The lead poll one spread ahead is worth Phi(-1); routine
    // checks in between are the claim's age guarantee, not the policy's.
    PollDecision next =
        policy.afterSuccess(inProgress(0, 0, 10, 1, 20, 2), at(20), new Budget(4, 16));

    assertThat(secondsAfter(next.nextPollAt(), at(20))).isBetween(100.0, 980.0);
    assertThat(next.urgency())
        .isCloseTo(CompletionModel.normalCdf(-1), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void shouldCapTheAgeAtTheRoundRobinCyclePlusATick() {
    Duration tick = Duration.ofSeconds(1);

    // 600 videos at 2 requests/s: round-robin comes round every 300 s.
    assertThat(PollPolicy.ageCap(new Budget(2, 600), MIN, tick, 1))
        .isEqualTo(Duration.ofSeconds(301));
    // Few videos: never more often than the minimum interval.
    assertThat(PollPolicy.ageCap(new Budget(4, 2), Duration.ofSeconds(5), tick, 1))
        .isEqualTo(Duration.ofSeconds(6));
    // Relaxed for the bench's trade-off rows: the cycle scales, the tick does not.
    assertThat(PollPolicy.ageCap(new Budget(2, 600), MIN, tick, 1.5))
        .isEqualTo(Duration.ofSeconds(451));
  }

  @Test
  void shouldKeepWatchingTheOtherDownloadWhenOneEndsInErrorMidway() {
    VideoHistory history =
        new VideoHistory(
            T0,
            List.of(
                new DownloadProgress("audio", "error", List.of(new ProgressPoint(at(30), 40))),
                new DownloadProgress(
                    "default",
                    "inprogress",
                    List.of(new ProgressPoint(at(0), 0), new ProgressPoint(at(30), 30)))));

    PollDecision next = policy.afterSuccess(history, at(30), SCARCE);

    assertThat(secondsAfter(next.nextPollAt(), T0))
        .isCloseTo(100.0, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void shouldFollowTheEarliestOfSeveralDownloads() {
    VideoHistory history =
        new VideoHistory(
            T0,
            List.of(
                new DownloadProgress(
                    "default",
                    "inprogress",
                    List.of(new ProgressPoint(at(0), 0), new ProgressPoint(at(10), 1))),
                new DownloadProgress(
                    "audio",
                    "inprogress",
                    List.of(new ProgressPoint(at(0), 0), new ProgressPoint(at(10), 20)))));

    PollDecision next = policy.afterSuccess(history, at(10), SCARCE);

    assertThat(secondsAfter(next.nextPollAt(), T0))
        .isCloseTo(50.0, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void shouldPollAtTheSlowEndWhileNoDownloadExists() {
    PollDecision next = policy.afterSuccess(new VideoHistory(T0, List.of()), at(5), AMPLE);

    assertThat(next.nextPollAt()).isEqualTo(at(5).plus(MAX));
    assertThat(next.urgency()).isZero();
    assertThat(next.model()).isEqualTo(CompletionModel.none());
  }

  @Test
  void shouldStayWithinMinAndMaxInterval() {
    PollDecision soon = policy.afterSuccess(inProgress(0, 0, 10, 99.99), at(10), AMPLE);
    PollDecision late = policy.afterSuccess(inProgress(0, 0, 3600, 1), at(3600), SCARCE);

    assertThat(secondsAfter(soon.nextPollAt(), at(10))).isGreaterThanOrEqualTo(1.0);
    assertThat(secondsAfter(late.nextPollAt(), at(3600))).isLessThanOrEqualTo(120.0);
  }

  @Test
  void shouldFallBackToTheFairShareWhenTheApiSendsNoPercentage() {
    VideoHistory noPercent =
        new VideoHistory(T0, List.of(new DownloadProgress("default", "inprogress", List.of())));

    PollDecision next = policy.afterSuccess(noPercent, at(0), new Budget(1, 30));

    assertThat(secondsAfter(next.nextPollAt(), at(0))).isEqualTo(30.0);
  }

  @Test
  void shouldSurviveARateThatRoundsToAlmostNothing() {
    PollDecision next =
        policy.afterSuccess(inProgress(0, 50, 1_000_000, 50.000001), at(1_000_000), SCARCE);

    assertThat(secondsAfter(next.nextPollAt(), at(1_000_000))).isLessThanOrEqualTo(120.0);
  }

  @Test
  void shouldBackOffExponentiallyAfterFailures() {
    assertThat(policy.afterFailure(1, T0)).isEqualTo(T0.plus(MIN));
    assertThat(policy.afterFailure(2, T0)).isEqualTo(T0.plusSeconds(2));
    assertThat(policy.afterFailure(3, T0)).isEqualTo(T0.plusSeconds(4));
    assertThat(policy.afterFailure(50, T0)).isEqualTo(T0.plus(MAX));
  }

  @Test
  void shouldRejectZeroFailures() {
    assertThatThrownBy(() -> policy.afterFailure(0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static TrackedVideo video(Instant createdAt, Instant changed) {
    return new TrackedVideo(
        new VideoKey("acc", "vid"),
        createdAt,
        T0,
        T0,
        3,
        0,
        null,
        changed,
        null,
        null,
        null,
        CompletionModel.none());
  }

  @Test
  void shouldGiveUpOnlyOnceNothingChangedForGiveUpAfter() {
    Instant longAgo = T0.minus(Duration.ofHours(48));

    assertThat(policy.shouldGiveUp(video(longAgo, T0.minus(Duration.ofHours(23))), T0)).isFalse();
    assertThat(policy.shouldGiveUp(video(longAgo, T0.minus(Duration.ofHours(24))), T0)).isTrue();
    assertThat(policy.shouldGiveUp(video(T0.minus(Duration.ofHours(24)), null), T0)).isTrue();
  }

  @Test
  void shouldCountGiveUpFromARetrackNotFromAnOlderChange() {
    Instant retracked = T0.minus(Duration.ofHours(1));

    assertThat(policy.shouldGiveUp(video(retracked, T0.minus(Duration.ofDays(5))), T0)).isFalse();
  }

  @Test
  void shouldRejectMaxBelowMin() {
    assertThatThrownBy(() -> new PollPolicy(MAX, MIN, Duration.ofHours(1)))
        .hasMessageContaining("minInterval");
  }
}
