package dev.streampoller.simulator.bench;

/** Who decides when to poll, in a replay. All three share the same budget. */
public enum Strategy {
  /** The project's {@link dev.streampoller.polling.PollPolicy} in the daemon's claim loop. */
  POLICY("policy"),
  /** Every active video in turn, as fast as the budget allows. */
  ROUND_ROBIN("round-robin"),
  /** Polls each download exactly when it ends: the best possible within the budget. */
  ORACLE("oracle");

  private final String label;

  Strategy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
