package dev.streampoller.polling;

import dev.streampoller.tracking.CompletionModel;

/**
 * The expected gain of a poll: the probability that it finds a download finished that was still in
 * progress when last seen. Pure. Two models, one per kind of knowledge:
 *
 * <ul>
 *   <li>a predicted completion with a spread ({@link #byPrediction}): the completion time is taken
 *       as normally distributed around the prediction, so a poll {@code x} seconds after it finds
 *       the end with probability {@code Phi(x / spread)};
 *   <li>no usable prediction (stalled, no percentage, jumps) ({@link #byAge}): nothing but how long
 *       it has run. Download durations are heavy-tailed, so the Lindy estimate is used: having run
 *       {@code age} seconds, it ends within the next {@code delay} seconds with probability {@code
 *       delay / (age + delay)} (a Pareto tail of index 1).
 * </ul>
 */
final class CompletionOdds {
  private CompletionOdds() {}

  /** P(done by a poll {@code secondsAfter} the predicted completion), spread in seconds. */
  static double byPrediction(double secondsAfter, double spread) {
    if (!(spread > 0)) {
      return secondsAfter >= 0 ? 1 : 0;
    }
    return CompletionModel.normalCdf(secondsAfter / spread);
  }

  /** P(done within {@code delay} seconds), having run {@code age} seconds without a prediction. */
  static double byAge(double age, double delay) {
    double d = Math.max(0, delay);
    double a = Math.max(0, age);
    return a + d == 0 ? 1 : d / (a + d);
  }
}
