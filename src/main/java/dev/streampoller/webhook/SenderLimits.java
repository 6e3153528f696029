package dev.streampoller.webhook;

/**
 * How many sender threads each kind of lane may hold at once ({@link Delivery#lane()}): a lane is a
 * configured endpoint, or one per-video callback URL. A callback URL sends one delivery at a time,
 * a configured endpoint up to {@code endpointThreads}.
 *
 * <ul>
 *   <li>Each configured endpoint always has {@code endpointThreads} threads of its own, which
 *       nothing else takes: they are a small set the operator chose, so a hanging one can never
 *       delay another, and a receiver that takes 200 ms still gets many deliveries a second.
 *   <li>Callback URLs (any tenant may set one) share {@code callbackThreads} threads while their
 *       last attempt succeeded or was their first.
 *   <li>Callback URLs whose last attempt failed or timed out share {@code failingCallbackThreads}
 *       other threads, so that hanging callbacks delay only each other.
 * </ul>
 *
 * @param callbackThreads at least 1; {@link Integer#MAX_VALUE} for no limit
 * @param failingCallbackThreads at least 1; {@link Integer#MAX_VALUE} for no limit
 * @param endpointThreads deliveries in flight to one configured endpoint at once, at least 1
 */
public record SenderLimits(int callbackThreads, int failingCallbackThreads, int endpointThreads) {
  /**
   * No limit on callbacks, one delivery at a time per endpoint: every share is handed to the
   * executor (tests that send in the calling thread).
   */
  public static final SenderLimits UNLIMITED =
      new SenderLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, 1);

  public SenderLimits {
    if (callbackThreads < 1 || failingCallbackThreads < 1 || endpointThreads < 1) {
      throw new IllegalArgumentException(
          "sender limits must be at least 1, were "
              + callbackThreads
              + ", "
              + failingCallbackThreads
              + " and "
              + endpointThreads);
    }
  }

  /** One delivery at a time per configured endpoint. */
  public SenderLimits(int callbackThreads, int failingCallbackThreads) {
    this(callbackThreads, failingCallbackThreads, 1);
  }

  /**
   * What {@code webhook.max-concurrency} means: that many threads for callback URLs that work, a
   * quarter of it (at least one) for those that fail.
   */
  public static SenderLimits forMaxConcurrency(int maxConcurrency) {
    return forConfig(maxConcurrency, 1);
  }

  /**
   * {@code webhook.max-concurrency} and {@code webhook.endpoint-concurrency}: as {@link
   * #forMaxConcurrency}, and that many deliveries in flight to each configured endpoint.
   */
  public static SenderLimits forConfig(int maxConcurrency, int endpointConcurrency) {
    return new SenderLimits(maxConcurrency, Math.max(1, maxConcurrency / 4), endpointConcurrency);
  }

  /** The most threads these limits let {@code endpoints} configured endpoints hold at once. */
  public long maxThreads(int endpoints) {
    return (long) endpoints * endpointThreads + callbackThreads + failingCallbackThreads;
  }
}
