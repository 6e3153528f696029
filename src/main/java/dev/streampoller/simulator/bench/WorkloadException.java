package dev.streampoller.simulator.bench;

import java.util.List;

/**
 * A workload that cannot be used: not found, or with bad values (each problem names the key and the
 * file).
 */
public final class WorkloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;
  private final boolean notFound;

  private WorkloadException(List<String> problems, boolean notFound) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
    this.notFound = notFound;
  }

  static WorkloadException invalid(List<String> problems) {
    return new WorkloadException(problems, false);
  }

  static WorkloadException notFound(String problem) {
    return new WorkloadException(List.of(problem), true);
  }

  /** Each problem on its own, as {@code key: what is wrong (file)}. */
  public List<String> problems() {
    return problems;
  }

  /** Whether the workload itself was not found (rather than found with bad values). */
  public boolean isNotFound() {
    return notFound;
  }
}
