package dev.streampoller.simulator.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Turns a {@link Workload} into its synthetic downloads. Deterministic: {@link Random} with the
 * workload's seed (its algorithm is specified, so the downloads are the same on every JDK).
 */
final class DownloadGenerator {
  /** Where in its life an erroring download fails: uniformly within this middle part. */
  static final double ERROR_FROM = 0.25;

  static final double ERROR_TO = 0.75;

  private final Workload workload;
  private final Random random;

  private DownloadGenerator(Workload workload) {
    this.workload = workload;
    this.random = new Random(workload.seed());
  }

  /** Every download of the workload, burst included, in order of arrival (ids follow it). */
  static List<SyntheticDownload> generate(Workload workload) {
    return new DownloadGenerator(workload).all();
  }

  private List<SyntheticDownload> all() {
    List<double[]> arrivals = new ArrayList<>();
    double clock = 0;
    for (int i = 0; i < workload.downloads(); i++) {
      double at;
      if (workload.arrival() instanceof Workload.Arrival.Uniform uniform) {
        at = random.nextDouble() * seconds(uniform.span());
      } else if (workload.arrival() instanceof Workload.Arrival.Poisson poisson) {
        clock += -Math.log(1 - random.nextDouble()) / poisson.perSecond();
        at = clock;
      } else {
        at = 0;
      }
      arrivals.add(new double[] {at, 0});
    }
    workload
        .burst()
        .ifPresent(
            burst -> {
              for (int i = 0; i < burst.count(); i++) {
                arrivals.add(new double[] {seconds(burst.at()), 1});
              }
            });
    arrivals.sort(Comparator.comparingDouble(a -> a[0]));
    List<SyntheticDownload> downloads = new ArrayList<>(arrivals.size());
    for (double[] arrival : arrivals) {
      downloads.add(one(downloads.size(), arrival[0], arrival[1] == 1));
    }
    return downloads;
  }

  private SyntheticDownload one(int id, double arrivesAt, boolean burst) {
    double duration = duration();
    Shape shape = shape();
    ProgressCurve curve = curve(shape, duration);
    boolean error = random.nextDouble() < workload.shapes().errorShare();
    double endsAt = arrivesAt + duration;
    if (error) {
      double fraction = ERROR_FROM + random.nextDouble() * (ERROR_TO - ERROR_FROM);
      endsAt = arrivesAt + duration * fraction;
    }
    return new SyntheticDownload(id, arrivesAt, shape, curve, error, endsAt, burst);
  }

  private double duration() {
    if (workload.durations() instanceof Workload.Durations.LogNormal logNormal) {
      double value =
          seconds(logNormal.median()) * Math.exp(logNormal.sigma() * random.nextGaussian());
      return Math.max(1, value);
    }
    return seconds(((Workload.Durations.Fixed) workload.durations()).value());
  }

  private Shape shape() {
    double pick = random.nextDouble();
    Shape chosen = null;
    for (Shape shape : Shape.values()) {
      double share = workload.shapes().share(shape);
      if (share > 0) {
        chosen = shape;
        if (pick < share) {
          break;
        }
        pick -= share;
      }
    }
    // Rounding can leave a sliver past the last share: the last shape with a share takes it.
    return chosen == null ? Shape.LINEAR : chosen;
  }

  ProgressCurve curve(Shape shape, double duration) {
    return switch (shape) {
      case LINEAR -> new ProgressCurve(new double[] {0, duration}, new double[] {0, 100}, false);
      case STALL_THEN_JUMP ->
          new ProgressCurve(new double[] {0, duration}, new double[] {0, 100}, true);
      case STEPS -> steps(duration, workload.shapes().steps());
      case LINEAR_WITH_NOISE -> noisy(duration);
    };
  }

  private static ProgressCurve steps(double duration, int count) {
    double[] at = new double[count + 1];
    double[] percent = new double[count + 1];
    for (int i = 0; i <= count; i++) {
      at[i] = duration * i / count;
      percent[i] = i == count ? 100 : 100.0 * i / count;
    }
    return new ProgressCurve(at, percent, true);
  }

  /**
   * Segments of about {@code shape.segment} (0.5x to 1.5x), each with a speed of the mean ±{@code
   * shape.noise}, then scaled so the curve reaches exactly 100 at the duration.
   */
  private ProgressCurve noisy(double duration) {
    double segment = seconds(workload.shapes().segment());
    double noise = workload.shapes().noise();
    List<Double> knots = new ArrayList<>();
    List<Double> work = new ArrayList<>();
    knots.add(0.0);
    work.add(0.0);
    double t = 0;
    double done = 0;
    while (t < duration) {
      double next = Math.min(duration, t + segment * (0.5 + random.nextDouble()));
      double speed = 1 + noise * (2 * random.nextDouble() - 1);
      done += speed * (next - t);
      t = next;
      knots.add(t);
      work.add(done);
    }
    double[] at = new double[knots.size()];
    double[] percent = new double[knots.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = knots.get(i);
      percent[i] = i == at.length - 1 ? 100 : Math.min(100, 100 * work.get(i) / done);
    }
    return new ProgressCurve(at, percent, false);
  }

  static double seconds(java.time.Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
