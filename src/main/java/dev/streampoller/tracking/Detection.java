package dev.streampoller.tracking;

import java.util.List;
import java.util.Set;

/**
 * What {@link TransitionDetector} found in one poll.
 *
 * @param transitions every change to record, in download-type order
 * @param newState the state of every download after this poll, to store
 * @param vanished download types recorded before but absent from this answer (kept, not deleted)
 * @param allTerminal whether at least one download has a status and every download that has one is
 *     ready or error (entries without a status, {@code unknown}, do not count)
 */
public record Detection(
    List<Transition> transitions,
    List<StoredDownload> newState,
    Set<String> vanished,
    boolean allTerminal) {

  public Detection {
    transitions = List.copyOf(transitions);
    newState = List.copyOf(newState);
    vanished = Set.copyOf(vanished);
  }

  /** The transitions that owe a webhook ({@link Transition#becameTerminal()}). */
  public List<Transition> terminalTransitions() {
    return transitions.stream().filter(Transition::becameTerminal).toList();
  }

  public boolean changed() {
    return !transitions.isEmpty();
  }
}
