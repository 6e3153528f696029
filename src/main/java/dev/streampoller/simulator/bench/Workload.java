package dev.streampoller.simulator.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A benchmark workload: which downloads arrive when, how long they take, how their progress moves,
 * and the budget and poll bounds they are replayed with. Read from a file by {@link
 * WorkloadLoader}; the file's comments document each key.
 *
 * @param name a short name for reports (the file name without {@code .properties})
 * @param source where it was read from, for messages
 * @param downloads downloads arriving by {@code arrival} (the burst comes on top)
 * @param seed seeds every random choice, so a workload always generates the same downloads
 */
public record Workload(
    String name,
    String source,
    int downloads,
    Arrival arrival,
    Optional<Burst> burst,
    Durations durations,
    ShapeMix shapes,
    Polling polling,
    long seed) {

  public Workload {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(burst, "burst");
    Objects.requireNonNull(durations, "durations");
    Objects.requireNonNull(shapes, "shapes");
    Objects.requireNonNull(polling, "polling");
    if (downloads < 1) {
      throw new IllegalArgumentException("downloads must be at least 1, was " + downloads);
    }
  }

  /** Every download, the burst included. */
  public int totalDownloads() {
    return downloads + burst.map(Burst::count).orElse(0);
  }

  /** When the {@code downloads} arrive. */
  public sealed interface Arrival {
    /** All at t=0. */
    record Concurrent() implements Arrival {}

    /** Uniformly at random over {@code span}. */
    record Uniform(Duration span) implements Arrival {
      public Uniform {
        requirePositive(span, "span");
      }
    }

    /** A Poisson process of {@code perSecond} arrivals per second, from t=0. */
    record Poisson(double perSecond) implements Arrival {
      public Poisson {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
          throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
      }
    }
  }

  /** {@code count} extra downloads that all arrive at {@code at}. */
  public record Burst(int count, Duration at) {
    public Burst {
      Objects.requireNonNull(at, "at");
      if (count < 1 || at.isNegative()) {
        throw new IllegalArgumentException("need count >= 1 and at >= 0, was " + count + ", " + at);
      }
    }
  }

  /** How long a download takes from arrival to completion. */
  public sealed interface Durations {
    /** {@code median * exp(sigma * N(0,1))}, at least one second. */
    record LogNormal(Duration median, double sigma) implements Durations {
      public LogNormal {
        requirePositive(median, "median");
        if (!(sigma >= 0 && sigma <= 5)) {
          throw new IllegalArgumentException("sigma must be within 0..5, was " + sigma);
        }
      }
    }

    /** Always {@code value}. */
    record Fixed(Duration value) implements Durations {
      public Fixed {
        requirePositive(value, "value");
      }
    }
  }

  /**
   * The progress shapes and their shares (summing to 1), their parameters, and the share of
   * downloads that end in {@code error} midway.
   *
   * @param noise how far the speed of {@code linear-with-noise} varies around the mean (0.3 = ±30%)
   * @param segment how long each speed of {@code linear-with-noise} lasts, on average
   * @param steps how many equal steps {@code steps} jumps in
   */
  public record ShapeMix(
      Map<Shape, Double> shares, double noise, Duration segment, int steps, double errorShare) {
    public ShapeMix {
      shares = Map.copyOf(new EnumMap<>(shares));
      requirePositive(segment, "segment");
      double sum = 0;
      for (double share : shares.values()) {
        if (!(share >= 0 && share <= 1)) {
          throw new IllegalArgumentException("shares must be within 0..1, were " + shares);
        }
        sum += share;
      }
      if (Math.abs(sum - 1) > 1e-6) {
        throw new IllegalArgumentException("shares must add up to 1, were " + shares);
      }
      if (!(noise >= 0 && noise < 1)) {
        throw new IllegalArgumentException("noise must be within [0, 1), was " + noise);
      }
      if (steps < 1) {
        throw new IllegalArgumentException("steps must be at least 1, was " + steps);
      }
      if (!(errorShare >= 0 && errorShare <= 1)) {
        throw new IllegalArgumentException("error share must be within 0..1, was " + errorShare);
      }
    }

    public double share(Shape shape) {
      return shares.getOrDefault(shape, 0.0);
    }
  }

  /**
   * The budget and the poll bounds.
   *
   * @param checkInterval the daemon's {@code poll.check-interval}: polls that wait for a due time
   *     or a token happen on this tick; arrivals wake it at once (as a track's NOTIFY does)
   * @param ageCapFactor the policy's age cap in round-robin cycles: {@link #DAEMON_AGE_CAP} as the
   *     daemon claims, larger (or infinite: none) only to show what the guarantee costs
   */
  public record Polling(
      int requestsPer5Minutes,
      Duration minInterval,
      Duration maxInterval,
      Duration checkInterval,
      double ageCapFactor) {
    /** The daemon's age cap: one round-robin cycle. */
    public static final double DAEMON_AGE_CAP = 1;

    public Polling {
      if (!(ageCapFactor >= 1)) {
        throw new IllegalArgumentException(
            "age cap factor must be at least 1, was " + ageCapFactor);
      }
      if (requestsPer5Minutes < 2) {
        throw new IllegalArgumentException(
            "requests per 5 minutes must be at least 2, was " + requestsPer5Minutes);
      }
      requirePositive(minInterval, "min interval");
      requirePositive(maxInterval, "max interval");
      Objects.requireNonNull(checkInterval, "checkInterval");
      if (maxInterval.compareTo(minInterval) < 0 || checkInterval.isNegative()) {
        throw new IllegalArgumentException(
            "need min interval <= max interval and check interval >= 0");
      }
    }
  }

  private static void requirePositive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
  }
}
