package dev.streampoller.simulator.bench;

/** Who decides when to poll, in a replay. All share the same budget. */
public enum Strategy {
  /** The project's {@link dev.streampoller.polling.PollPolicy} in the daemon's claim loop. */
  POLICY("policy"),
  /** Every active video in turn, as fast as the budget allows. */
  ROUND_ROBIN("round-robin"),
  /** Polls each download exactly when it ends: the best possible within the budget. */
  ORACLE("oracle"),
  /**
   * The oracle held to the daemon's age cap: past-cap videos first, then ended downloads ({@link
   * CappedOracleReplay}).
   */
  ORACLE_CAPPED("oracle, capped"),
  /** The capped oracle that also places each video's forced polls so the last lands on its end. */
  ORACLE_PHASED("oracle, phased");

  private final String label;

  Strategy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
