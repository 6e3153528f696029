package dev.streampoller.polling;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz adapter: a clustered JDBC JobStore on the application's own database runs two
 * recurring jobs, poll and webhook delivery, each a thin wrapper over a {@code runOnce}-style
 * method. Every instance runs the same jobs; the application's row claims keep their work disjoint,
 * and Quartz's cluster check-in recovers the triggers of a dead instance.
 */
public final class JobScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private static final JobKey POLL = JobKey.jobKey("poll", "stream-poller");
  private static final JobKey DELIVER = JobKey.jobKey("deliver-webhooks", "stream-poller");

  private final Scheduler scheduler;
  private final boolean deliveries;
  // A wake-up is coalesced: while one triggered run has not started yet, more are redundant.
  private final AtomicBoolean pollWakePending = new AtomicBoolean();
  private final AtomicBoolean deliveryWakePending = new AtomicBoolean();
  // When each job last started here (System.nanoTime()), for TriggerWatch; until the first run,
  // when the scheduler was made.
  private final AtomicLong pollStarted = new AtomicLong(System.nanoTime());
  private final AtomicLong deliveryStarted = new AtomicLong(System.nanoTime());
  private volatile @Nullable TriggerWatch watch;
  // Wakes the poll job at the earliest moment a claim can succeed, between its ticks.
  private final ScheduledExecutorService wakeTimer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "stream-poller-poll-wake");
            thread.setDaemon(true);
            return thread;
          });
  private @Nullable ScheduledFuture<?> pendingWake;

  private JobScheduler(Scheduler scheduler, boolean deliveries) {
    this.scheduler = scheduler;
    this.deliveries = deliveries;
  }

  /** Production's least {@link Settings#stalledAfter()}: no job's interval comes near it. */
  public static final Duration STALLED_AFTER = Duration.ofSeconds(30);

  /** A job counts as stalled after this many of its intervals without a start, at the least. */
  private static final int STALLED_INTERVALS = 30;

  /**
   * Settings of the Quartz scheduler. {@code name} is shared by all instances of one cluster. A job
   * that has not started in this instance for {@code stalledAfter}, or 30 of its intervals if that
   * is longer, gets its trigger stored anew (see {@link TriggerWatch}); {@link #STALLED_AFTER} in
   * production.
   */
  public record Settings(
      String name,
      String instanceId,
      int threads,
      Duration pollEvery,
      Duration deliverEvery,
      Duration stalledAfter) {
    public Settings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(stalledAfter, "stalledAfter");
    }

    /** When a job run every {@code every} counts as stalled. */
    Duration stalledAfterFor(Duration every) {
      Duration intervals = every.multipliedBy(STALLED_INTERVALS);
      return intervals.compareTo(stalledAfter) > 0 ? intervals : stalledAfter;
    }
  }

  /**
   * A job's work: one round, and the claims a round makes at most. A full round (it claimed {@code
   * batchSize}) is followed by another at once.
   */
  public record Round(
      RoundRunner runner, int batchSize, Supplier<Optional<Duration>> untilNextWake) {
    public Round {
      Objects.requireNonNull(runner, "runner");
      Objects.requireNonNull(untilNextWake, "untilNextWake");
    }

    /** A round that runs on its tick and its wake-ups only. */
    public Round(RoundRunner runner, int batchSize) {
      this(runner, batchSize, Optional::empty);
    }
  }

  /**
   * Starts Quartz with the poll job and, when {@code deliveryRound} is present, the delivery job.
   *
   * @param pollRound one poll round; its runner returns how many videos it claimed
   */
  public static JobScheduler start(
      DataSource dataSource, Settings settings, Round pollRound, Optional<Round> deliveryRound) {
    Properties props = QuartzProperties.of(settings, dataSource);
    // Poll runs may never take the last thread, so webhook delivery always has one.
    Semaphore pollThreads = new Semaphore(Math.max(1, settings.threads() - 1));
    // Every instance registers both jobs, so a trigger fired on an instance without webhooks
    // finds a (no-op) job instead of failing and stopping deliveries cluster-wide.
    Round delivery = deliveryRound.orElse(new Round(() -> 0, 1));
    try {
      Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
      JobScheduler jobs = new JobScheduler(scheduler, deliveryRound.isPresent());
      scheduler.setJobFactory(
          (bundle, s) -> {
            JobKey key = bundle.getJobDetail().getKey();
            if (key.equals(POLL)) {
              return new RoundJob(
                  "poll",
                  pollRound,
                  jobs.pollWakePending,
                  jobs.pollStarted,
                  Optional.of(pollThreads),
                  delay -> jobs.wakePollIn(delay, settings.pollEvery()));
            }
            if (key.equals(DELIVER)) {
              return new RoundJob(
                  "webhook delivery",
                  delivery,
                  jobs.deliveryWakePending,
                  jobs.deliveryStarted,
                  Optional.empty(),
                  delay -> {});
            }
            throw new SchedulerException("no job for " + key + " in this instance");
          });
      RoundJob.schedule(scheduler, POLL, settings.pollEvery());
      RoundJob.schedule(scheduler, DELIVER, settings.deliverEvery());
      scheduler.start();
      jobs.watch =
          TriggerWatch.start(
              scheduler,
              List.of(
                  watched(POLL, settings.pollEvery(), jobs.pollStarted, settings),
                  watched(DELIVER, settings.deliverEvery(), jobs.deliveryStarted, settings)),
              settings.stalledAfter().dividedBy(4));
      LOG.info(
          "Scheduler {} started as instance {} with {} threads",
          settings.name(),
          scheduler.getSchedulerInstanceId(),
          settings.threads());
      return jobs;
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not start the Quartz scheduler: " + e.getMessage(), e);
    }
  }

  /** One round of work, returning how many items it claimed. */
  @FunctionalInterface
  public interface RoundRunner {
    int runOnce();
  }

  /** Runs the poll job now (a video was tracked), in addition to its schedule. */
  public void triggerPoll() {
    trigger(POLL, pollWakePending);
  }

  /**
   * Runs the poll job after {@code delay} (when the last round found the next claim possible),
   * unless its tick comes first. Only the earliest pending wake-up is kept.
   */
  void wakePollIn(Duration delay, Duration tick) {
    if (delay.compareTo(tick) >= 0 || wakeTimer.isShutdown()) {
      return;
    }
    long nanos = Math.max(0, delay.toNanos());
    synchronized (wakeTimer) {
      ScheduledFuture<?> pending = pendingWake;
      if (pending != null && !pending.isDone() && pending.getDelay(TimeUnit.NANOSECONDS) <= nanos) {
        return;
      }
      if (pending != null) {
        pending.cancel(false);
      }
      try {
        pendingWake = wakeTimer.schedule(this::triggerPoll, nanos, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing: the tick is gone too.
      }
    }
  }

  /** Runs the delivery job now (events were enqueued), in addition to its schedule. */
  public void triggerDelivery() {
    if (deliveries) {
      trigger(DELIVER, deliveryWakePending);
    }
  }

  /**
   * Runs both jobs now, even if a wake-up is already pending: called when the database is back
   * after an outage. A recurring trigger that missed its time by more than the misfire threshold
   * waits for Quartz's misfire handler (up to 5 s), and a wake-up stored just before the outage
   * would keep new ones coalesced; this starts the work due meanwhile at once.
   */
  public void wakeAfterOutage() {
    pollWakePending.set(false);
    triggerPoll();
    deliveryWakePending.set(false);
    triggerDelivery();
  }

  public boolean isRunning() {
    try {
      return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
    } catch (SchedulerException e) {
      return false;
    }
  }

  /** {@link #close(Duration)} with {@link #DEFAULT_STOP_GRACE}. */
  @Override
  public void close() {
    close(DEFAULT_STOP_GRACE);
  }

  /**
   * How long {@link #close()} waits for running jobs: one API request and its connect, and more.
   */
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(40);

  /**
   * Stops firing jobs, waits up to {@code grace} for the jobs running in this instance to finish,
   * then shuts Quartz down without waiting any longer: a job still running then (a request or a
   * database call that outlives its timeouts) is abandoned with a WARN naming it, and the claims it
   * holds come back after their lease. Never waits on the database beyond {@code grace} plus about
   * {@link QuartzProperties#DB_RETRY_INTERVAL}, even when it is down. Idempotent.
   *
   * @return whether every running job finished within {@code grace}
   */
  public boolean close(Duration grace) {
    if (watch != null) {
      watch.close();
    }
    wakeTimer.shutdownNow();
    return QuartzStop.stop(scheduler, grace);
  }

  private static TriggerWatch.Watched watched(
      JobKey key, Duration every, AtomicLong started, Settings settings) {
    return new TriggerWatch.Watched(key, every, started, settings.stalledAfterFor(every));
  }

  private void trigger(JobKey key, AtomicBoolean wakePending) {
    if (!wakePending.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.triggerJob(key);
    } catch (SchedulerException e) {
      wakePending.set(false);
      LOG.warn("Could not trigger {} now; its schedule will run it: {}", key, e.getMessage());
    }
  }
}
