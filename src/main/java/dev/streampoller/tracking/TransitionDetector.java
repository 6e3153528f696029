package dev.streampoller.tracking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares what was stored for a video with what one poll observed and says what changed. Pure: no
 * I/O, no clock, no state, so every edge case is a unit test.
 *
 * <p>A download type missing from an answer is reported in {@link Detection#vanished()} and its
 * stored state kept: the API gives no way to tell a deleted download from a transient omission, and
 * history must never be lost. It does not count towards {@link Detection#allTerminal()}.
 *
 * <p>An entry the API sent without a status (stored as {@code unknown}, e.g. a future key of
 * another shape) is recorded for inspection but does not hold the video open either: a video is
 * done when at least one download has a status and every download that has one is {@code ready} or
 * {@code error}.
 */
public final class TransitionDetector {

  private TransitionDetector() {}

  /**
   * @param previous stored downloads of the video, by type
   * @param observed downloads in the API answer (types are unique)
   * @param observedAt when the answer was received
   */
  public static Detection detect(
      Map<String, StoredDownload> previous, List<DownloadSnapshot> observed, Instant observedAt) {
    Map<String, DownloadSnapshot> byType = new TreeMap<>();
    for (DownloadSnapshot snapshot : observed) {
      if (byType.put(snapshot.type(), snapshot) != null) {
        throw new IllegalArgumentException("download type " + snapshot.type() + " observed twice");
      }
    }
    List<Transition> transitions = new ArrayList<>();
    List<StoredDownload> newState = new ArrayList<>();
    for (DownloadSnapshot now : byType.values()) {
      StoredDownload before = previous.get(now.type());
      if (before == null) {
        transitions.add(new Transition(now.type(), 1, null, now, observedAt));
        newState.add(new StoredDownload(now, 1, observedAt));
      } else if (now.differsFrom(before.snapshot())) {
        int sequence = before.sequence() + 1;
        transitions.add(new Transition(now.type(), sequence, before.snapshot(), now, observedAt));
        newState.add(new StoredDownload(now, sequence, before.firstSeenAt()));
      } else {
        newState.add(before);
      }
    }
    Set<String> vanished = new HashSet<>(previous.keySet());
    vanished.removeAll(byType.keySet());
    List<DownloadSnapshot> withStatus =
        byType.values().stream().filter(s -> DownloadStatus.hasStatus(s.status())).toList();
    boolean allTerminal =
        !withStatus.isEmpty() && withStatus.stream().allMatch(DownloadSnapshot::isTerminal);
    newState.sort(Comparator.comparing(stored -> stored.snapshot().type()));
    return new Detection(transitions, newState, vanished, allTerminal);
  }
}
