package dev.streampoller.cli;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.polling.JobScheduler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a running daemon: starts its parts from one {@link AppConfig} in order
 * ({@link DaemonCore}: metrics, pool, schema check; {@link DeliveryPart}: webhook dispatcher and
 * sender pool; {@link PollingPart}: API clients, poll cycle, Quartz jobs, NOTIFY listener; {@link
 * DiscoveryPart}: auto-track's rounds; {@link OperationsPart}: database gauges, ops server) and
 * stops them in reverse, in two passes (see {@link DaemonPart}). Used by {@code run}, {@code demo}
 * and {@code bench}.
 */
final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  static final String USER_AGENT = "stream-poller";

  private final List<DaemonPart> parts;
  private final JobScheduler scheduler;
  private final String owner;

  private Daemon(List<DaemonPart> parts, JobScheduler scheduler, String owner) {
    this.parts = parts;
    this.scheduler = scheduler;
    this.owner = owner;
  }

  static Daemon start(AppConfig config, Clock clock) {
    LOG.info("Starting with configuration:\n{}", config.describe());
    List<DaemonPart> parts = new ArrayList<>();
    try {
      DaemonCore core = DaemonCore.open(config, clock);
      parts.add(core);
      DeliveryPart delivery = DeliveryPart.start(core);
      parts.add(delivery);
      PollingPart polling = PollingPart.start(core, delivery);
      parts.add(polling);
      parts.add(DiscoveryPart.start(core, delivery));
      parts.add(OperationsPart.start(core, polling.scheduler()));
      LOG.info(
          "stream-poller running as {}, polling account(s) {}",
          core.owner(),
          config.cloudflare().accounts().stream().map(AccountConfig::accountId).toList());
      return new Daemon(parts, polling.scheduler(), core.owner());
    } catch (RuntimeException e) {
      stop(parts);
      throw e;
    }
  }

  String owner() {
    return owner;
  }

  boolean isRunning() {
    return scheduler.isRunning();
  }

  /**
   * Stops intake everywhere (no new claims, unstarted claimed work given back), then lets running
   * jobs and sends finish within their bounds and closes clients and the pool. Idempotent.
   */
  @Override
  public void close() {
    stop(parts);
  }

  private static void stop(List<DaemonPart> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      DaemonPart part = parts.get(i);
      try {
        part.stopIntake();
      } catch (RuntimeException e) {
        LOG.warn("Error while stopping {}", part.getClass().getSimpleName(), e);
      }
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      Closer.closeQuietly(parts.get(i));
    }
    parts.clear();
  }
}
