package dev.streampoller.cli;

import dev.streampoller.ops.OpsServer;
import dev.streampoller.polling.JobScheduler;
import java.util.Optional;

/**
 * The operations part of a running daemon: the database gauges read at each scrape and, when {@code
 * ops.listen-address} is set, the ops server ({@code /metrics}, {@code /health}, which reports the
 * scheduler's state). Closing stops the server.
 */
final class OperationsPart implements DaemonPart {
  private final Optional<OpsServer> server;

  private OperationsPart(Optional<OpsServer> server) {
    this.server = server;
  }

  static OperationsPart start(DaemonCore core, JobScheduler scheduler) {
    core.metrics().registerDatabaseGauges(core.dataSource());
    return new OperationsPart(
        core.config()
            .ops()
            .listenAddress()
            .map(
                address ->
                    OpsServer.start(
                        address, core.metrics(), core.dataSource(), scheduler::isRunning)));
  }

  @Override
  public void close() {
    server.ifPresent(Closer::closeQuietly);
  }
}
