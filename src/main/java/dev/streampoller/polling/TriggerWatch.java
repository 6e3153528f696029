package dev.streampoller.polling;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a recurring trigger anew when its job has stopped starting in this instance. A database
 * outage at the wrong moment (Quartz's acquisition of a trigger committed, but the answer lost with
 * the connection) leaves the trigger {@code ACQUIRED} in {@code qrtz_triggers}; Quartz then never
 * fires it again and recovers it only when the instance restarts. Wake-ups still run the job, but a
 * retry due later, or a backlog that waited for a busy lane, would wait for the next wake-up. A job
 * counts as stalled when it has not started here for its {@link Watched#stalledAfter()} and its
 * trigger's next fire time lies that far behind (in a cluster, other instances may well start it
 * meanwhile). Thread-safe; one daemon thread, stopped by {@link #close()}.
 */
final class TriggerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  /**
   * One recurring job: its key, its interval, when it last started here ({@link System#nanoTime()})
   * and how long without a start means its trigger is stalled.
   */
  record Watched(JobKey key, Duration every, AtomicLong lastStart, Duration stalledAfter) {}

  private final Scheduler scheduler;
  private final List<Watched> jobs;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "quartz-trigger-watch");
            t.setDaemon(true);
            return t;
          });

  private TriggerWatch(Scheduler scheduler, List<Watched> jobs) {
    this.scheduler = scheduler;
    this.jobs = List.copyOf(jobs);
  }

  /** Checks {@code jobs} every {@code period} from now on. */
  static TriggerWatch start(Scheduler scheduler, List<Watched> jobs, Duration period) {
    TriggerWatch watch = new TriggerWatch(scheduler, jobs);
    long millis = Math.max(1, period.toMillis());
    watch.thread.scheduleWithFixedDelay(watch::check, millis, millis, TimeUnit.MILLISECONDS);
    return watch;
  }

  private void check() {
    for (Watched job : jobs) {
      long idle = System.nanoTime() - job.lastStart().get();
      if (idle < job.stalledAfter().toNanos()) {
        continue;
      }
      // Whatever comes of this check (the database may be down), wait another stalledAfter
      // before the next one: a job that starts meanwhile needs nothing.
      job.lastStart().set(System.nanoTime());
      try {
        if (firesElsewhere(job)) {
          continue;
        }
        RoundJob.schedule(scheduler, job.key(), job.every());
        LOG.warn(
            "The {} job has not started here for {} s: its trigger is stored anew",
            job.key().getName(),
            TimeUnit.NANOSECONDS.toSeconds(idle));
      } catch (SchedulerException | RuntimeException e) {
        LOG.warn(
            "The {} job has not started here for {} s and its trigger could not be stored anew: {}",
            job.key().getName(),
            TimeUnit.NANOSECONDS.toSeconds(idle),
            e.getMessage());
      }
    }
  }

  /**
   * Whether the trigger is alive and other instances of the cluster start the job: its next fire
   * time then keeps moving. A trigger left ACQUIRED keeps the fire time it had, which falls behind;
   * a healthy one late by more than Quartz's misfire threshold is moved on by its misfire handler.
   */
  private boolean firesElsewhere(Watched job) throws SchedulerException {
    Trigger trigger =
        scheduler.getTrigger(TriggerKey.triggerKey(job.key().getName(), job.key().getGroup()));
    Date next = trigger == null ? null : trigger.getNextFireTime();
    return next != null
        && next.getTime() > System.currentTimeMillis() - job.stalledAfter().toMillis();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
