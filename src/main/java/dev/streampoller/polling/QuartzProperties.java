package dev.streampoller.polling;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz configuration of {@link JobScheduler}: a clustered JDBC JobStore ({@code qrtz_}
 * tables) on the application's own pool, which is registered with Quartz under a fresh name.
 */
final class QuartzProperties {
  /**
   * How long Quartz waits before trying its tables again after a database error (its default, 15 s,
   * was most of the time polling took to resume after a PostgreSQL restart). Each try waits for a
   * pooled connection first, so a shorter interval adds no load while the database is down.
   */
  static final Duration DB_RETRY_INTERVAL = Duration.ofSeconds(1);

  /**
   * The key that sets {@link #DB_RETRY_INTERVAL}. Not {@code org.quartz.jobStore.dbRetryInterval}:
   * StdSchedulerFactory sets the job store's interval from this key (default 15 s) after the job
   * store's own properties, so that one is silently overwritten.
   */
  static final String DB_RETRY_INTERVAL_KEY = "org.quartz.scheduler.dbFailureRetryInterval";

  private QuartzProperties() {}

  /** Registers {@code dataSource} with Quartz and returns the properties that use it. */
  static Properties of(JobScheduler.Settings settings, DataSource dataSource) {
    String dataSourceName = "streamPoller-" + UUID.randomUUID();
    DBConnectionManager.getInstance()
        .addConnectionProvider(dataSourceName, new PooledProvider(dataSource));
    Properties props = new Properties();
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, settings.name());
    props.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, settings.instanceId());
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threads()));
    props.setProperty("org.quartz.threadPool.threadNamePrefix", "quartz-" + settings.name());
    props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    props.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    props.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
    props.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
    props.setProperty("org.quartz.jobStore.isClustered", "true");
    props.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    props.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
    props.setProperty(DB_RETRY_INTERVAL_KEY, Long.toString(DB_RETRY_INTERVAL.toMillis()));
    props.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    props.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "true");
    return props;
  }

  private record PooledProvider(DataSource dataSource) implements ConnectionProvider {
    @Override
    public java.sql.Connection getConnection() throws java.sql.SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
