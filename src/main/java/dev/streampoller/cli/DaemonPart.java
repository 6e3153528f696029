package dev.streampoller.cli;

/**
 * One part of a running daemon ({@link DaemonCore}, {@link DeliveryPart}, {@link PollingPart},
 * {@link OperationsPart}). {@link Daemon} starts the parts in that order and stops them in reverse,
 * in two passes: first every part stops taking new work ({@link #stopIntake()}), then every part
 * lets its running work finish within its bounds and releases what it holds ({@link #close()}). So
 * no part waits for running work while another still claims more.
 */
interface DaemonPart extends AutoCloseable {
  /** Stops claiming new work; returns at once. */
  default void stopIntake() {}

  /** Waits, within bounds, for the part's running work and releases its resources. */
  @Override
  void close();
}
