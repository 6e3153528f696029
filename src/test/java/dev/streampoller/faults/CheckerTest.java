package dev.streampoller.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.faults.VideoPlan.PlannedVideo;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.RequestLog.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckerTest {
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final String PATH = "/client/v4/accounts/acc1/stream/v1/downloads";

  @Test
  void shouldCountTwoRequestsForOneVideoOpenAtTheSameTimeAsAnOverlap() {
    List<Entry> requests =
        List.of(
            poll("v1", 0, 3_000),
            poll("v1", 2_000, 2_500),
            poll("v1", 3_000, 3_100),
            poll("v2", 1_000, 4_000));

    assertThat(Checker.overlappingPolls(requests)).hasSize(1);
  }

  @Test
  void shouldNameTheVideoAndBothSpansOfAnOverlap() {
    Entry gone =
        new Entry(
            T0, "GET", PATH, "acc1", "v1", T0.plusMillis(5_000), 0, RequestLog.Ending.CLIENT_GONE);

    List<String> described =
        Checker.overlappingPolls(List.of(gone, poll("v1", 3_500, 3_600))).stream()
            .map(Checker::describe)
            .toList();

    assertThat(described)
        .containsExactly(
            "acc1/v1: 12:00:00.000-12:00:05.000 (client gone)"
                + " and 12:00:03.500-12:00:03.600 (answered)");
  }

  @Test
  void shouldCountARequestStillOpenAsOverlappingEveryLaterOne() {
    Entry open = new Entry(T0, "GET", PATH, "acc1", "v1");

    assertThat(Checker.overlappingPolls(List.of(open, poll("v1", 60_000, 60_100)))).hasSize(1);
  }

  @Test
  void shouldMeasureTheLongestGapFromTrackingThroughEveryPoll() {
    PlannedVideo video = new PlannedVideo("acc1", "v1", T0, List.of());

    Checker.PollGap gap =
        Checker.longestPollGap(
            List.of(video),
            List.of(poll("v1", 1_000, 1_100), poll("v1", 9_000, 9_100)),
            Set.of(),
            T0.plusSeconds(60));

    assertThat(gap.length()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void shouldSayWhichVideoWaitedLongestAndHowManyOtherPollsOfItsAccountCameMeanwhile() {
    PlannedVideo video = new PlannedVideo("acc1", "v1", T0, List.of());
    PlannedVideo other = new PlannedVideo("acc1", "v2", T0, List.of());

    Checker.PollGap gap =
        Checker.longestPollGap(
            List.of(video, other),
            List.of(
                poll("v1", 1_000, 1_100),
                poll("v2", 1_500, 1_600),
                poll("v2", 3_000, 3_100),
                poll("v1", 9_000, 9_100),
                poll("v2", 9_500, 9_600)),
            Set.of(),
            T0.plusSeconds(10));

    assertThat(gap.describe())
        .isEqualTo(
            "acc1/v1 12:00:01.000-12:00:09.000, 2 polls of other videos of the account meanwhile");
  }

  @Test
  void shouldCountTheOpenGapOfAVideoThatStillOwesATransition() {
    PlannedVideo video = new PlannedVideo("acc1", "v1", T0, List.of());

    Checker.PollGap gap =
        Checker.longestPollGap(
            List.of(video), List.of(poll("v1", 1_000, 1_100)), Set.of("v1"), T0.plusSeconds(61));

    assertThat(gap.length()).isEqualTo(Duration.ofSeconds(60));
  }

  private static Entry poll(String uid, long startMillis, long endMillis) {
    return new Entry(
        T0.plusMillis(startMillis), "GET", PATH, "acc1", uid, T0.plusMillis(endMillis), 100);
  }
}
