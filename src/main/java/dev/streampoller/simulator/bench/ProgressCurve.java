package dev.streampoller.simulator.bench;

import java.util.Arrays;

/**
 * The true progress of one synthetic download over its lifetime: percent (0..100) at knots of
 * seconds since arrival, either interpolated linearly or held until the next knot (steps). The last
 * knot is the duration, at 100. Immutable.
 */
final class ProgressCurve {
  private final double[] seconds;
  private final double[] percents;
  private final boolean stepped;

  ProgressCurve(double[] seconds, double[] percents, boolean stepped) {
    if (seconds.length < 2 || seconds.length != percents.length || seconds[0] != 0) {
      throw new IllegalArgumentException("need matching knots from 0, at least two");
    }
    for (int i = 1; i < seconds.length; i++) {
      if (!(seconds[i] > seconds[i - 1]) || percents[i] < percents[i - 1]) {
        throw new IllegalArgumentException("knots must advance and progress must not go back");
      }
    }
    if (percents[percents.length - 1] != 100) {
      throw new IllegalArgumentException("progress must end at 100");
    }
    this.seconds = seconds.clone();
    this.percents = percents.clone();
    this.stepped = stepped;
  }

  /** Percent complete {@code elapsed} seconds after arrival (100 from the duration on). */
  double percentAt(double elapsed) {
    if (elapsed <= 0) {
      return percents[0];
    }
    int last = seconds.length - 1;
    if (elapsed >= seconds[last]) {
      return 100;
    }
    int found = Arrays.binarySearch(seconds, elapsed);
    if (found >= 0) {
      return percents[found];
    }
    int after = -found - 1;
    int before = after - 1;
    if (stepped) {
      return percents[before];
    }
    double fraction = (elapsed - seconds[before]) / (seconds[after] - seconds[before]);
    return percents[before] + fraction * (percents[after] - percents[before]);
  }

  /** Seconds from arrival to 100%. */
  double duration() {
    return seconds[seconds.length - 1];
  }
}
