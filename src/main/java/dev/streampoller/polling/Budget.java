package dev.streampoller.polling;

/**
 * The request budget the policy plans with: how many requests per second the credential may spend,
 * and how many videos share it. {@link #fairShareSeconds()} is how often each video could be polled
 * if the budget were spread evenly.
 */
public record Budget(double requestsPerSecond, int activeVideos) {
  public Budget {
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be positive: " + requestsPerSecond);
    }
    if (activeVideos < 0) {
      throw new IllegalArgumentException("activeVideos must not be negative: " + activeVideos);
    }
  }

  /** Seconds between two polls of each video when the budget is spread evenly. */
  public double fairShareSeconds() {
    return Math.max(1, activeVideos) / requestsPerSecond;
  }
}
