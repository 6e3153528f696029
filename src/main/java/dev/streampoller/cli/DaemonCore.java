package dev.streampoller.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.DataSources;
import dev.streampoller.db.Database;
import dev.streampoller.db.Migrations;
import dev.streampoller.ops.Metrics;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;

/**
 * What every part of a running daemon shares: the configuration, the clock, the metrics, the one
 * connection pool (Quartz's too) with its {@link Database} helper, and this process's owner id.
 * Opening it refuses a database whose schema is behind (exit 78); closing it closes the pool, then
 * the metrics.
 *
 * @param owner this process's id in claims and in Quartz: unique per process
 * @param closer what the core opened: the metrics and the pool
 */
record DaemonCore(
    AppConfig config,
    Clock clock,
    Metrics metrics,
    HikariDataSource dataSource,
    Database database,
    String owner,
    Closer closer)
    implements DaemonPart {

  static DaemonCore open(AppConfig config, Clock clock) {
    Closer closer = new Closer();
    try {
      Metrics metrics = closer.add(Metrics.create(clock));
      HikariDataSource dataSource =
          closer.add(DataSources.createForDaemon(config.database(), "stream-poller"));
      metrics.instrumentPool(dataSource);
      int pending = Migrations.pendingCount(dataSource);
      if (pending > 0) {
        throw new CliException(
            ExitCodes.CONFIG,
            "The database schema is "
                + pending
                + " migration(s) behind; run `stream-poller migrate` first.");
      }
      return new DaemonCore(
          config, clock, metrics, dataSource, new Database(dataSource), ownerId(), closer);
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  @Override
  public void close() {
    closer.close();
  }

  /** Unique per process: host, pid and a random suffix (pids repeat across containers). */
  static String ownerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    long pid = ManagementFactory.getRuntimeMXBean().getPid();
    return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
  }
}
