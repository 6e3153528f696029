package dev.streampoller.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the poll policy believes about when a video's open download ends, stored with the video so
 * the claim can rank due videos by the <b>expected detection delay</b> a poll at claim time would
 * end: {@code E[(t - T)+]}, how long the download has been over, on average, if it is over (0 if
 * not), for a poll at {@code t} of a download ending at {@code T}. The video whose finished
 * download has waited longest in expectation goes first (docs/polling.md, "Claim order"). Pure; the
 * claim statement computes the same values with {@code expected_detection_delay} (migration V13),
 * and {@code bench policy} ranks with {@link #expectedDelaySeconds}.
 *
 * <p>Three kinds, one per kind of knowledge:
 *
 * <ul>
 *   <li><b>predicted</b>: {@code T} normal around {@code predictedAt} with {@code spreadSeconds}
 *       (one standard deviation): {@code E = s (z Phi(z) + phi(z))}, {@code z = (t - predictedAt) /
 *       s};
 *   <li><b>by age</b>: no usable prediction, only that the download had run {@code ageSeconds} at
 *       the last poll (or track) {@code L}, and durations are heavy-tailed: the Lindy estimate
 *       {@code P(T <= L + x) = x / (a + x)} gives {@code E = d - a ln(1 + d / a)}, {@code d = t -
 *       L} ({@code d} when {@code a = 0});
 *   <li><b>none</b>: no open download: nothing to detect, ranked after every other due video.
 * </ul>
 *
 * @param predictedAt the predicted completion (predicted kind), else null
 * @param spreadSeconds its standard deviation in seconds (predicted kind), else null
 * @param ageSeconds how long the download had run at the last poll (by-age kind), else null
 */
public record CompletionModel(
    @Nullable Instant predictedAt, @Nullable Double spreadSeconds, @Nullable Double ageSeconds) {

  /**
   * The age a new track, and a download probed for its rate, are taken to have: they are ranked as
   * if they started this long before they were seen, so a backlog of new tracks does not bury
   * downloads known to be running (its Lindy reading: half of the downloads just tracked are over
   * within a minute). Chosen by replay on {@code --sweep 200 --seed 1} among 0 s, 1, 10 and 30
   * minutes (docs/polling.md); V13's column default.
   */
  public static final Duration UNSEEN_AGE = Duration.ofSeconds(60);

  private static final CompletionModel NONE = new CompletionModel(null, null, null);

  /** The ranking value of {@link #none()}: below every other. */
  public static final double NO_DOWNLOAD = Double.NEGATIVE_INFINITY;

  /**
   * {@code z} is clamped to this: PostgreSQL's {@code exp} raises an error where Java's gives 0.
   */
  static final double MAX_Z = 37;

  public CompletionModel {
    if ((predictedAt == null) != (spreadSeconds == null)) {
      throw new IllegalArgumentException("a prediction needs both a time and a spread");
    }
    if (spreadSeconds != null && !(spreadSeconds > 0 && spreadSeconds < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "spread must be positive and finite, was " + spreadSeconds);
    }
    if (ageSeconds != null && !(ageSeconds >= 0 && ageSeconds < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("age must be zero or more and finite, was " + ageSeconds);
    }
    if (predictedAt != null && ageSeconds != null) {
      throw new IllegalArgumentException("a model is either predicted or by age, not both");
    }
  }

  public static CompletionModel predicted(Instant predictedAt, double spreadSeconds) {
    return new CompletionModel(
        Objects.requireNonNull(predictedAt, "predictedAt"), spreadSeconds, null);
  }

  public static CompletionModel byAge(double ageSeconds) {
    return new CompletionModel(null, null, ageSeconds);
  }

  /** The model of a video just tracked: by age, {@link #UNSEEN_AGE}. */
  public static CompletionModel newTrack() {
    return byAge(UNSEEN_AGE.toNanos() / 1e9);
  }

  public static CompletionModel none() {
    return NONE;
  }

  /**
   * The expected detection delay in seconds of a poll at {@code at} of a video last polled (or
   * tracked) at {@code since}; {@link #NO_DOWNLOAD} for {@link #none()}. Never negative otherwise.
   */
  public double expectedDelaySeconds(Instant since, Instant at) {
    if (predictedAt != null) {
      return predicted(seconds(predictedAt, at), spreadSeconds);
    }
    if (ageSeconds != null) {
      return byAge(ageSeconds, seconds(since, at));
    }
    return NO_DOWNLOAD;
  }

  /**
   * {@code s (z Phi(z) + phi(z))} for a poll {@code after} seconds past the prediction; Phi and phi
   * are taken at z clamped to {@link #MAX_Z}, where they are 0 or 1 to double precision anyway, so
   * far past the prediction the delay is {@code after} itself.
   */
  static double predicted(double after, double spread) {
    double z = after / spread;
    double c = Math.max(-MAX_Z, Math.min(MAX_Z, z));
    double density = Math.exp(-c * c / 2) / Math.sqrt(2 * Math.PI);
    return Math.max(0, spread * (z * normalCdf(c) + density));
  }

  /** {@code d - a ln(1 + d / a)}: the Lindy estimate, {@code d} seconds after a poll at age a. */
  static double byAge(double age, double sinceSeconds) {
    double d = Math.max(0, sinceSeconds);
    if (age == 0) {
      return d;
    }
    return Math.max(0, d - age * Math.log(1 + d / age));
  }

  /** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
  public static double normalCdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erf = 1 - poly * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  @Override
  public String toString() {
    if (predictedAt != null) {
      return "predicted " + predictedAt + " ± " + spreadSeconds + " s";
    }
    return ageSeconds != null ? "by age " + ageSeconds + " s" : "no download";
  }
}
