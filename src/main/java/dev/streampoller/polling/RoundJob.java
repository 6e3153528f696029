package dev.streampoller.polling;

import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rounds while they come back full; a tick never dies (errors are logged, not thrown).
 * Deliberately not {@code @DisallowConcurrentExecution}: in a cluster that would let only one
 * instance work at a time, while row claims already keep concurrent rounds disjoint.
 */
final class RoundJob implements Job {
  /** The scheduler's logger: a failed job is the scheduler's news. */
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  /** How long one job run may chain rounds while full batches keep coming, before yielding. */
  private static final Duration MAX_RUN_TIME = Duration.ofSeconds(10);

  private final String name;
  private final JobScheduler.Round round;
  private final AtomicBoolean wakePending;
  private final AtomicLong lastStart;
  private final Optional<Semaphore> permits;
  private final Consumer<Duration> wakeIn;

  RoundJob(
      String name,
      JobScheduler.Round round,
      AtomicBoolean wakePending,
      AtomicLong lastStart,
      Optional<Semaphore> permits,
      Consumer<Duration> wakeIn) {
    this.name = name;
    this.round = round;
    this.wakePending = wakePending;
    this.lastStart = lastStart;
    this.permits = permits;
    this.wakeIn = wakeIn;
  }

  @Override
  public void execute(org.quartz.JobExecutionContext context) {
    // Any run that starts now sees the work a pending wake-up was for.
    wakePending.set(false);
    lastStart.set(System.nanoTime());
    if (permits.isPresent() && !permits.get().tryAcquire()) {
      return;
    }
    try {
      long deadline = System.nanoTime() + MAX_RUN_TIME.toNanos();
      while (round.runner().runOnce() >= round.batchSize()
          && System.nanoTime() < deadline
          && !Thread.currentThread().isInterrupted()) {
        // A full batch means more work is due: go on while the time slice lasts.
      }
      // Wake when the next claim can succeed rather than on the next tick.
      round.untilNextWake().get().ifPresent(wakeIn);
    } catch (Throwable t) {
      LOG.error("The {} job failed; it runs again at its next tick", name, t);
    } finally {
      permits.ifPresent(Semaphore::release);
    }
  }

  /** Stores the job {@code key} with a trigger that fires every {@code every}, from then on. */
  static void schedule(Scheduler scheduler, JobKey key, Duration every) throws SchedulerException {
    JobDetail job = JobBuilder.newJob(RoundJob.class).withIdentity(key).storeDurably().build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(key.getName(), key.getGroup())
            .forJob(key)
            // First run after one interval: wake-ups (NOTIFY, commits) cover what is new sooner.
            .startAt(new Date(System.currentTimeMillis() + Math.max(1, every.toMillis())))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(Math.max(1, every.toMillis()))
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    scheduler.scheduleJob(job, Set.of(trigger), true);
  }
}
