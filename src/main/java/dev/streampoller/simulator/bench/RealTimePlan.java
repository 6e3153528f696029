package dev.streampoller.simulator.bench;

import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.ScriptedDownload.ProgressShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload made concrete for a run in real time against the simulator and the real daemon: which
 * video arrives when, how its download is scripted, and when it truly completes. It comes from the
 * same generator as the virtual-time replay, so both measure the same downloads (the simulator's
 * own noise model differs slightly from the replay's).
 *
 * @param arrivals videos in order of arrival, within the run's duration
 * @param replay the same workload, for the virtual-time figures to compare against
 */
public record RealTimePlan(List<Arrival> arrivals, Workload replay) {

  /**
   * One video: tracked {@code at} after the start; its download completes after {@code
   * completesAfter}.
   */
  public record Arrival(
      String uid, Duration at, ScriptedDownload download, Duration completesAfter) {}

  public RealTimePlan {
    arrivals = List.copyOf(arrivals);
  }

  /**
   * The workload's downloads arriving within {@code within}, scaled: {@code scale} of the downloads
   * and of the budget, so the pressure on the budget stays what the workload describes.
   */
  public static RealTimePlan of(Workload workload, double scale, Duration within) {
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("scale must be within (0, 1], was " + scale);
    }
    Workload scaled =
        new Workload(
            workload.name() + " x" + scale,
            workload.source(),
            Math.max(1, (int) Math.round(workload.downloads() * scale)),
            workload.arrival() instanceof Workload.Arrival.Poisson p
                ? new Workload.Arrival.Poisson(p.perSecond() * scale)
                : workload.arrival(),
            workload
                .burst()
                .map(
                    b ->
                        new Workload.Burst(
                            Math.max(1, (int) Math.round(b.count() * scale)), b.at())),
            workload.durations(),
            workload.shapes(),
            new Workload.Polling(
                Math.max(2, (int) Math.round(workload.polling().requestsPer5Minutes() * scale)),
                workload.polling().minInterval(),
                workload.polling().maxInterval(),
                workload.polling().checkInterval(),
                workload.polling().ageCapFactor()),
            workload.seed());
    List<Arrival> arrivals = new ArrayList<>();
    for (SyntheticDownload d : DownloadGenerator.generate(scaled)) {
      if (d.arrivesAt() > within.toSeconds()) {
        continue;
      }
      double duration = d.curve().duration();
      Duration build = Duration.ofMillis(Math.round(duration * 1000));
      double lived = d.endsAt() - d.arrivesAt();
      ScriptedDownload download =
          d.error()
              ? ScriptedDownload.error("default", build, 100 * lived / duration)
              : ScriptedDownload.ready("default", build);
      download =
          d.shape() == Shape.LINEAR_WITH_NOISE
              ? download.withNoise(d.id())
              : download.withShape(shapeOf(d.shape()));
      arrivals.add(
          new Arrival(
              "rt" + d.id(),
              Duration.ofMillis(Math.round(d.arrivesAt() * 1000)),
              download,
              Duration.ofMillis(Math.round(lived * 1000))));
    }
    return new RealTimePlan(arrivals, scaled);
  }

  private static ProgressShape shapeOf(Shape shape) {
    return switch (shape) {
      case LINEAR_WITH_NOISE -> ProgressShape.LINEAR_WITH_NOISE;
      case LINEAR -> ProgressShape.LINEAR;
      case STEPS -> ProgressShape.STEPS;
      case STALL_THEN_JUMP -> ProgressShape.STALL_THEN_JUMP;
    };
  }
}
