package dev.streampoller.simulator.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Draws random workloads over the space the workload format allows, for {@code bench policy
 * --sweep}: 10 to 20,000 downloads (log-uniform), every arrival kind, a burst in a quarter of them,
 * log-normal or fixed durations from seconds to hours, any mix of the four shapes (a pure shape in
 * a quarter), noise, segment and step count anywhere in their ranges, errors 0-20%, budgets 10-1200
 * per 5 minutes (log-uniform), min-interval 1-10 s, max-interval from min-interval to 10 minutes,
 * the daemon's 1 s check interval. The same sweep seed always gives the same workloads ({@link
 * Random}'s algorithm is specified).
 *
 * <p>One restriction keeps a sweep within minutes: the replay's work grows with the requests it
 * replays, about the budget's rate times the time until the last download ends. Where that estimate
 * exceeds {@link #MAX_REQUESTS}, the workload's time axis (durations, arrival span or rate, burst
 * time) is compressed by the factor that brings it there, and the line says so ({@code timeScale});
 * sizes, budget and poll bounds are kept. log-normal sigma is drawn within 0..1.5 rather than the
 * format's 0..5: beyond that a few downloads run for years.
 */
final class WorkloadSampler {
  static final int MIN_DOWNLOADS = 10;
  static final int MAX_DOWNLOADS = 20_000;
  static final double MAX_SIGMA = 1.5;
  static final double MAX_REQUESTS = 150_000;

  /** A drawn workload and how much its time axis was compressed (1 when not at all). */
  record Sample(Workload workload, double timeScale) {}

  private final Random random;

  WorkloadSampler(long seed) {
    this.random = new Random(seed);
  }

  /** The {@code index}-th workload of the sweep (call in order: each draw advances the stream). */
  Sample next(int index) {
    int downloads = (int) Math.round(logUniform(MIN_DOWNLOADS, MAX_DOWNLOADS));
    int budget = (int) Math.round(logUniform(10, 1200));
    double span = logUniform(30, 4 * 3600);
    int arrivalKind = random.nextInt(3);
    double median = logUniform(5, 3 * 3600);
    boolean fixed = random.nextDouble() < 0.2;
    double sigma = fixed ? 0 : random.nextDouble() * MAX_SIGMA;
    boolean burst = random.nextDouble() < 0.25;
    int burstCount =
        burst ? (int) Math.round(logUniform(10, Math.max(10, MAX_DOWNLOADS - downloads))) : 0;
    double burstAt = random.nextDouble() * span;
    Workload.ShapeMix shapes = shapes();
    int min = 1 + random.nextInt(10);
    int max = (int) Math.round(logUniform(Math.max(min, 30), 600));
    long seed = random.nextLong();

    double rate =
        dev.streampoller.polling.TokenBucket.forBudget(budget, VirtualTime.START)
            .sustainedPerSecond();
    double longest = median * Math.exp(3 * sigma);
    double horizon = (arrivalKind == 0 ? 0 : span) + longest;
    double scale = Math.min(1, MAX_REQUESTS / (rate * horizon));
    double scaledSpan = Math.max(1, span * scale);
    Workload.Arrival arrival =
        switch (arrivalKind) {
          case 0 -> new Workload.Arrival.Concurrent();
          case 1 -> new Workload.Arrival.Uniform(seconds(scaledSpan));
          default -> new Workload.Arrival.Poisson(downloads / scaledSpan);
        };
    Duration medianDuration = seconds(Math.max(1, median * scale));
    Workload.Durations durations =
        fixed
            ? new Workload.Durations.Fixed(medianDuration)
            : new Workload.Durations.LogNormal(medianDuration, sigma);
    Optional<Workload.Burst> burstOf =
        burst
            ? Optional.of(new Workload.Burst(burstCount, seconds(burstAt * scale)))
            : Optional.empty();
    Workload.Polling polling =
        new Workload.Polling(
            budget,
            Duration.ofSeconds(min),
            Duration.ofSeconds(max),
            Duration.ofSeconds(1),
            Workload.Polling.DAEMON_AGE_CAP);
    Workload workload =
        new Workload(
            "sweep-" + index,
            "sweep",
            downloads,
            arrival,
            burstOf,
            durations,
            shapes,
            polling,
            seed);
    return new Sample(workload, scale);
  }

  private Workload.ShapeMix shapes() {
    Map<Shape, Double> shares = new EnumMap<>(Shape.class);
    Shape[] all = Shape.values();
    if (random.nextDouble() < 0.25) {
      Shape only = all[random.nextInt(all.length)];
      for (Shape shape : all) {
        shares.put(shape, shape == only ? 1.0 : 0.0);
      }
    } else {
      // Uniform on the simplex: normalized exponentials.
      double[] weights = new double[all.length];
      double sum = 0;
      for (int i = 0; i < all.length; i++) {
        weights[i] = -Math.log(1 - random.nextDouble());
        sum += weights[i];
      }
      double assigned = 0;
      for (int i = 0; i < all.length; i++) {
        double share = i == all.length - 1 ? 1 - assigned : weights[i] / sum;
        shares.put(all[i], Math.max(0, share));
        assigned += weights[i] / sum;
      }
    }
    double noise = random.nextDouble() * 0.9;
    Duration segment = seconds(logUniform(1, 60));
    int steps = 1 + random.nextInt(20);
    double errors = random.nextDouble() * 0.2;
    return new Workload.ShapeMix(shares, noise, segment, steps, errors);
  }

  private double logUniform(double low, double high) {
    return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
  }

  private static Duration seconds(double value) {
    return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
  }
}
