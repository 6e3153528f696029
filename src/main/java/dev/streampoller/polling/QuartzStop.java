package dev.streampoller.polling;

import java.time.Duration;
import java.util.List;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bounded stop of {@link JobScheduler#close(Duration)}. */
final class QuartzStop {
  /** The scheduler's logger: what a stop abandons is the scheduler's news. */
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  /** How often a stop looks whether the running jobs have finished. */
  private static final Duration STOP_CHECK = Duration.ofMillis(50);

  private QuartzStop() {}

  /**
   * Puts {@code scheduler} in standby, waits up to {@code grace} for its running jobs, then shuts
   * it down without waiting; whether every running job finished in time.
   */
  static boolean stop(Scheduler scheduler, Duration grace) {
    try {
      if (scheduler.isShutdown()) {
        return true;
      }
      scheduler.standby();
      long deadline = System.nanoTime() + grace.toNanos();
      List<JobExecutionContext> running = scheduler.getCurrentlyExecutingJobs();
      while (!running.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(STOP_CHECK.toMillis());
        running = scheduler.getCurrentlyExecutingJobs();
      }
      if (!running.isEmpty()) {
        LOG.warn(
            "{} job run(s) still running after {}, abandoned: {}; their claims come back after"
                + " their lease",
            running.size(),
            grace,
            running.stream().map(c -> c.getJobDetail().getKey().getName()).toList());
      }
      // Not shutdown(true): it would wait, without bound, for Quartz to record the runs' end in
      // its tables, retrying while the database is down. Nothing needs that record: the triggers
      // recur, and the cluster check cleans a stopped instance's rows.
      scheduler.shutdown(false);
      return running.isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdownQuietly(scheduler);
      return false;
    } catch (SchedulerException e) {
      LOG.warn("Scheduler shutdown failed", e);
      shutdownQuietly(scheduler);
      return false;
    }
  }

  private static void shutdownQuietly(Scheduler scheduler) {
    try {
      scheduler.shutdown(false);
    } catch (SchedulerException e) {
      LOG.warn("Scheduler shutdown failed", e);
    }
  }
}
