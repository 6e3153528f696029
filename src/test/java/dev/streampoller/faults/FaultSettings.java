package dev.streampoller.faults;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The suite's knobs, from system properties: {@code faults.seed} replays a run's random timing
 * (printed by every run), {@code faults.full=true} (the {@code faults} Maven profile) runs the full
 * suite instead of the fast subset of the normal build.
 */
public final class FaultSettings {
  private FaultSettings() {}

  /** {@code -Dfaults.seed=N}, or a fresh random seed; printed so the run can be replayed. */
  public static long seed(String scenario) {
    Long given = Long.getLong("faults.seed");
    long seed = given != null ? given : ThreadLocalRandom.current().nextLong(1, 1L << 40);
    System.out.println(
        "FAULTS " + scenario + " seed=" + seed + " (replay: -Dfaults.seed=" + seed + ")");
    return seed;
  }

  /** True under {@code -Dfaults.full=true}: more cycles, longer runs. */
  public static boolean full() {
    return Boolean.getBoolean("faults.full");
  }

  /** {@code fast} in the normal build, {@code full} in the profile. */
  public static int pick(int fast, int full) {
    return full() ? full : fast;
  }
}
