package dev.streampoller.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The script of one download of a simulated video: when it appears, how long it builds, how its
 * progress moves and how it ends. Immutable; tweak a factory result with the {@code with...}
 * methods, e.g. {@code ScriptedDownload.ready("default", Duration.ofMinutes(2))
 * .withShape(ProgressShape.STEPS)}.
 *
 * @param type the download type key, {@code default}, {@code audio} or any other string
 * @param creationOffset delay after {@code addVideo} before the download appears
 * @param buildDuration time from appearing until ready; for {@link Outcome#ERROR} the build fails
 *     when it has run for {@code errorAtPercent} percent of this duration
 * @param outcome how the build ends
 * @param errorAtPercent the percent reported on error (ignored for {@link Outcome#READY})
 * @param shape how {@code percentComplete} moves while building
 * @param noiseSeed seed of {@link ProgressShape#LINEAR_WITH_NOISE}
 */
public record ScriptedDownload(
    String type,
    Duration creationOffset,
    Duration buildDuration,
    Outcome outcome,
    double errorAtPercent,
    ProgressShape shape,
    long noiseSeed) {

  /** How a build ends. */
  public enum Outcome {
    READY,
    ERROR
  }

  /** How {@code percentComplete} moves while a download builds. */
  public enum ProgressShape {
    /** Proportional to elapsed time. */
    LINEAR,
    /**
     * Linear plus up to ±3 points of seeded noise: it may go backwards a little, as real ones do.
     */
    LINEAR_WITH_NOISE,
    /** 0, 25, 50, 75 in four equal steps. */
    STEPS,
    /** 0 until done, then 100 (or the error). */
    STALL_THEN_JUMP
  }

  public ScriptedDownload {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(creationOffset, "creationOffset");
    Objects.requireNonNull(buildDuration, "buildDuration");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(shape, "shape");
    if (type.isBlank() || type.contains("/")) {
      throw new IllegalArgumentException(
          "type must be a non-blank path segment, was '" + type + "'");
    }
    if (creationOffset.isNegative() || buildDuration.isNegative()) {
      throw new IllegalArgumentException("creationOffset and buildDuration must not be negative");
    }
    if (!(errorAtPercent >= 0.0 && errorAtPercent <= 100.0)) {
      throw new IllegalArgumentException("errorAtPercent must be 0-100, was " + errorAtPercent);
    }
  }

  /** A download that appears at once, builds linearly for {@code buildDuration}, then is ready. */
  public static ScriptedDownload ready(String type, Duration buildDuration) {
    return new ScriptedDownload(
        type, Duration.ZERO, buildDuration, Outcome.READY, 0.0, ProgressShape.LINEAR, 0L);
  }

  /** A download that appears at once and fails when it reaches {@code atPercent}. */
  public static ScriptedDownload error(String type, Duration buildDuration, double atPercent) {
    return new ScriptedDownload(
        type, Duration.ZERO, buildDuration, Outcome.ERROR, atPercent, ProgressShape.LINEAR, 0L);
  }

  public ScriptedDownload withCreationOffset(Duration offset) {
    return new ScriptedDownload(
        type, offset, buildDuration, outcome, errorAtPercent, shape, noiseSeed);
  }

  public ScriptedDownload withShape(ProgressShape newShape) {
    return new ScriptedDownload(
        type, creationOffset, buildDuration, outcome, errorAtPercent, newShape, noiseSeed);
  }

  /** Noisy linear progress with the given seed. */
  public ScriptedDownload withNoise(long seed) {
    return new ScriptedDownload(
        type,
        creationOffset,
        buildDuration,
        outcome,
        errorAtPercent,
        ProgressShape.LINEAR_WITH_NOISE,
        seed);
  }

  /** What the download looks like {@code sinceAdded} after its video was added; empty before. */
  Optional<Snapshot> snapshotAt(Duration sinceAdded) {
    Duration elapsed = sinceAdded.minus(creationOffset);
    if (elapsed.isNegative()) {
      return Optional.empty();
    }
    double fraction =
        buildDuration.isZero() ? 1.0 : (double) elapsed.toNanos() / buildDuration.toNanos();
    if (outcome == Outcome.ERROR && fraction * 100.0 >= errorAtPercent) {
      return Optional.of(new Snapshot("error", errorAtPercent));
    }
    if (outcome == Outcome.READY && fraction >= 1.0) {
      return Optional.of(new Snapshot("ready", 100.0));
    }
    return Optional.of(new Snapshot("inprogress", progress(fraction, elapsed)));
  }

  private double progress(double fraction, Duration elapsed) {
    double linear = fraction * 100.0;
    double value =
        switch (shape) {
          case LINEAR -> linear;
          case STEPS -> Math.floor(fraction * 4.0) * 25.0;
          case STALL_THEN_JUMP -> 0.0;
          case LINEAR_WITH_NOISE -> {
            // Seeded by the elapsed second, so the same clock reading always gives the same value.
            SplittableRandom random = new SplittableRandom(noiseSeed * 31 + elapsed.toSeconds());
            yield linear + (random.nextDouble() * 6.0 - 3.0);
          }
        };
    // Round to two decimals like a real API, and never claim 100 before the download is ready.
    return Math.round(Math.max(0.0, Math.min(99.9, value)) * 100.0) / 100.0;
  }

  /** The status and progress of a download at one instant. */
  record Snapshot(String status, double percentComplete) {}
}
