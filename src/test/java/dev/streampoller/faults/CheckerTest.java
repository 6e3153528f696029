package dev.streampoller.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.faults.VideoPlan.PlannedVideo;
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

    assertThat(Checker.overlappingPolls(requests)).isEqualTo(1);
  }

  @Test
  void shouldCountARequestStillOpenAsOverlappingEveryLaterOne() {
    Entry open = new Entry(T0, "GET", PATH, "acc1", "v1");

    assertThat(Checker.overlappingPolls(List.of(open, poll("v1", 60_000, 60_100)))).isEqualTo(1);
  }

  @Test
  void shouldMeasureTheLongestGapFromTrackingThroughEveryPoll() {
    PlannedVideo video = new PlannedVideo("acc1", "v1", T0, List.of());

    Duration gap =
        Checker.longestPollGap(
            List.of(video),
            List.of(poll("v1", 1_000, 1_100), poll("v1", 9_000, 9_100)),
            Set.of(),
            T0.plusSeconds(60));

    assertThat(gap).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void shouldCountTheOpenGapOfAVideoThatStillOwesATransition() {
    PlannedVideo video = new PlannedVideo("acc1", "v1", T0, List.of());

    Duration gap =
        Checker.longestPollGap(
            List.of(video), List.of(poll("v1", 1_000, 1_100)), Set.of("v1"), T0.plusSeconds(61));

    assertThat(gap).isEqualTo(Duration.ofSeconds(60));
  }

  private static Entry poll(String uid, long startMillis, long endMillis) {
    return new Entry(
        T0.plusMillis(startMillis), "GET", PATH, "acc1", uid, T0.plusMillis(endMillis), 100);
  }
}
