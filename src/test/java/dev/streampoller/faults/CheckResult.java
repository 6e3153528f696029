package dev.streampoller.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@link Checker} counted for one run. The first five counts are targets (0 expected): see
 * {@link #missedTargets()}; the rest are figures to report.
 *
 * @param scenario scenario name and variant, e.g. {@code kill9-3-instances}
 * @param seed the seed that replays the run's timing ({@code -Dfaults.seed=N})
 * @param videos videos planned
 * @param terminals terminal transitions owed (downloads into ready or error)
 * @param lostTransitions owed terminal transitions with no {@code download_transition} row
 * @param doubledTransitions extra rows into the same terminal status of one download
 * @param lostEvents owed events (terminal x counted endpoint) no receiver got with a valid
 *     signature
 * @param unexpectedEvents webhooks received with a bad signature or for no owed transition
 * @param eventsWithSeveralIds owed events that arrived under more than one {@code webhook-id}
 * @param duplicateDeliveries second and later arrivals of the same id at one endpoint (allowed)
 * @param overlappingPolls pairs of requests for one video open at the same time, from the
 *     simulator's request start and end times
 * @param overlaps each overlapping pair: the video and both requests' spans and endings
 * @param stuckClaims videos or deliveries still claimed past their lease (plus slack)
 * @param longestPollGap longest time between tracking or a poll of a video and its next poll
 * @param longestPollGapAt which video waited that long, and from when to when (empty if none)
 * @param pendingDeliveries deliveries still pending at the end
 * @param deadDeliveries deliveries given up
 * @param figures scenario measurements (recovery times, kills, injected faults), in order
 */
public record CheckResult(
    String scenario,
    long seed,
    int videos,
    int terminals,
    int lostTransitions,
    int doubledTransitions,
    int lostEvents,
    int unexpectedEvents,
    int eventsWithSeveralIds,
    int duplicateDeliveries,
    int overlappingPolls,
    List<String> overlaps,
    int stuckClaims,
    Duration longestPollGap,
    String longestPollGapAt,
    int pendingDeliveries,
    int deadDeliveries,
    Map<String, String> figures) {

  public CheckResult {
    Objects.requireNonNull(scenario, "scenario");
    overlaps = List.copyOf(overlaps);
    Objects.requireNonNull(longestPollGapAt, "longestPollGapAt");
    figures = new LinkedHashMap<>(figures);
  }

  /** The targets this run missed, each as a readable phrase; empty when all were met. */
  public List<String> missedTargets() {
    List<String> missed = new ArrayList<>();
    if (lostTransitions > 0) {
      missed.add(lostTransitions + " lost transition(s)");
    }
    if (doubledTransitions > 0) {
      missed.add(doubledTransitions + " doubled transition(s)");
    }
    if (lostEvents > 0) {
      missed.add(lostEvents + " lost event(s)");
    }
    if (unexpectedEvents > 0) {
      missed.add(unexpectedEvents + " unexpected event(s)");
    }
    if (eventsWithSeveralIds > 0) {
      missed.add(eventsWithSeveralIds + " event(s) with several ids");
    }
    if (overlappingPolls > 0) {
      // Which video and when: enough to find both requests in the daemons' logs.
      missed.add(overlappingPolls + " overlapping poll(s): " + String.join("; ", overlaps));
    }
    if (stuckClaims > 0) {
      missed.add(stuckClaims + " claim(s) stuck past their lease");
    }
    return missed;
  }

  /** One line for the test output. */
  public String summaryLine() {
    return String.format(
        "FAULTS %s seed=%d videos=%d terminals=%d lostTransitions=%d doubled=%d lostEvents=%d"
            + " unexpected=%d severalIds=%d duplicates=%d overlappingPolls=%d stuckClaims=%d"
            + " longestPollGap=%s%s pending=%d dead=%d %s",
        scenario,
        seed,
        videos,
        terminals,
        lostTransitions,
        doubledTransitions,
        lostEvents,
        unexpectedEvents,
        eventsWithSeveralIds,
        duplicateDeliveries,
        overlappingPolls,
        stuckClaims,
        seconds(longestPollGap),
        longestPollGapAt.isEmpty() ? "" : " [" + longestPollGapAt + "]",
        pendingDeliveries,
        deadDeliveries,
        figures.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" ")));
  }

  /** The header of {@code target/faults/report.md}'s table. */
  static String markdownHeader() {
    return "| scenario | seed | videos | terminals | lost tr. | doubled | lost ev. | unexpected"
        + " | several ids | duplicates | overlapping polls | stuck claims | longest poll gap"
        + " | pending | dead | figures |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  }

  /** This run as a row of that table. */
  String markdownRow() {
    return String.format(
        "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %d | %d | %s |%n",
        scenario,
        seed,
        videos,
        terminals,
        lostTransitions,
        doubledTransitions,
        lostEvents,
        unexpectedEvents,
        eventsWithSeveralIds,
        duplicateDeliveries,
        overlappingPolls,
        stuckClaims,
        seconds(longestPollGap),
        pendingDeliveries,
        deadDeliveries,
        figures.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining("; ")));
  }

  /** A duration as seconds with one decimal, e.g. {@code 2.4s}. */
  static String seconds(Duration d) {
    return String.format("%.1fs", d.toMillis() / 1000.0);
  }
}
