package dev.streampoller.simulator.bench;

/** How a synthetic download's {@code percentComplete} moves from 0 to 100. */
public enum Shape {
  /** Monotone, with a speed that varies randomly around the mean in segments of a few seconds. */
  LINEAR_WITH_NOISE("linear-with-noise"),
  /** Exactly proportional to elapsed time. */
  LINEAR("linear"),
  /** Jumps in N equal steps at equal intervals. */
  STEPS("steps"),
  /** 0 until done, then 100. */
  STALL_THEN_JUMP("stall-then-jump");

  private final String key;

  Shape(String key) {
    this.key = key;
  }

  /** The name used in workload files ({@code shape.<key>}). */
  public String key() {
    return key;
  }
}
