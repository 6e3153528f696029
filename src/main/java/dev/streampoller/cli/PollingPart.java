package dev.streampoller.cli;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.CloudflareHttp;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.DataSources;
import dev.streampoller.polling.CredentialPauseLift;
import dev.streampoller.polling.JobScheduler;
import dev.streampoller.polling.PollCycle;
import dev.streampoller.polling.PollPolicy;
import dev.streampoller.polling.PolledAccount;
import dev.streampoller.polling.TrackNotificationListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling part of a running daemon: one API client per account, the poll cycle, the Quartz
 * scheduler that runs its rounds (and {@link DeliveryPart}'s), and the NOTIFY listener that wakes
 * it when a video is tracked. Stopping intake closes the listener and stops the cycle's claims (a
 * running round gives back what it has not polled); closing waits for running jobs (bounded), then
 * closes the clients.
 */
final class PollingPart implements DaemonPart {
  private static final Logger LOG = LoggerFactory.getLogger(PollingPart.class);
  static final String SCHEDULER_NAME = "stream-poller";
  private static final Duration LISTEN_READY_TIMEOUT = Duration.ofSeconds(10);

  private final JobScheduler scheduler;
  private final Runnable stopIntake;
  private final Closer closer;

  private PollingPart(JobScheduler scheduler, Runnable stopIntake, Closer closer) {
    this.scheduler = scheduler;
    this.stopIntake = stopIntake;
    this.closer = closer;
  }

  static PollingPart start(DaemonCore core, DeliveryPart delivery) {
    AppConfig config = core.config();
    liftCredentialPauses(core);
    Closer closer = new Closer();
    try {
      List<PolledAccount> polled = new ArrayList<>();
      // Added first, so closed last: after every client that uses it.
      CloudflareHttp http = closer.add(ApiClients.sharedHttp(config));
      for (AccountConfig account : config.cloudflare().accounts()) {
        CloudflareClient client =
            closer.add(ApiClients.forAccount(config, account, core.clock(), http));
        polled.add(
            new PolledAccount(
                account.accountId(),
                client,
                account.credential().budgetId(),
                account.requestsPerFiveMinutes()));
      }
      AtomicReference<JobScheduler> schedulerRef = new AtomicReference<>();
      PollCycle pollCycle =
          new PollCycle(
              core.database(),
              polled,
              delivery.routes(),
              core.clock(),
              new PollCycle.Settings(
                  core.owner(),
                  new PollPolicy(
                      config.poll().minInterval(),
                      config.poll().maxInterval(),
                      config.poll().giveUpAfter()),
                  config.poll().batchSize(),
                  config.poll().lease(),
                  config.poll().checkInterval(),
                  pollParallelism(config)),
              () ->
                  Optional.ofNullable(schedulerRef.get()).ifPresent(JobScheduler::triggerDelivery),
              core.metrics().registry());
      JobScheduler scheduler = closer.add(startScheduler(core, pollCycle, delivery));
      schedulerRef.set(scheduler);
      TrackNotificationListener listener =
          new TrackNotificationListener(
                  () -> DataSources.openUnpooled(config.database(), "stream-poller-listen"),
                  scheduler::triggerPoll,
                  scheduler::wakeAfterOutage)
              .start();
      if (!listener.awaitListening(LISTEN_READY_TIMEOUT)) {
        LOG.warn("Not yet listening for tracked videos; new ones wait for the next poll tick");
      }
      // The listener first (no more wake-ups), then the cycle's claims.
      Runnable stopIntake =
          () -> {
            Closer.closeQuietly(listener);
            pollCycle.stop();
          };
      return new PollingPart(scheduler, stopIntake, closer);
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  /**
   * Budgets polled at once: one per pooled connection, at most one per budget. Each poll holds a
   * connection only inside its transactions, so the request in between leaves it to the others.
   */
  static int pollParallelism(AppConfig config) {
    long budgets =
        config.cloudflare().accounts().stream()
            .map(a -> a.credential().budgetId())
            .distinct()
            .count();
    return (int) Math.max(1, Math.min(budgets, config.database().poolSize()));
  }

  /** A restart means the credential was fixed: its accounts may poll again at once. */
  private static void liftCredentialPauses(DaemonCore core) {
    Map<String, String> budgetIdByAccount = new LinkedHashMap<>();
    core.config()
        .cloudflare()
        .accounts()
        .forEach(a -> budgetIdByAccount.put(a.accountId(), a.credential().budgetId()));
    List<String> lifted =
        core.database()
            .inTransaction(
                c -> CredentialPauseLift.atStart(c, budgetIdByAccount, core.clock().instant()));
    if (!lifted.isEmpty()) {
      LOG.info(
          "Lifted the credential pause of account(s) {} (a restart means the credential was"
              + " fixed)",
          lifted);
    }
  }

  private static JobScheduler startScheduler(
      DaemonCore core, PollCycle pollCycle, DeliveryPart delivery) {
    AppConfig config = core.config();
    String instanceId =
        "AUTO".equals(config.scheduler().instanceId())
            ? core.owner()
            : config.scheduler().instanceId();
    int deliveryBatch = config.webhook().batchSize();
    return JobScheduler.start(
        core.dataSource(),
        new JobScheduler.Settings(
            SCHEDULER_NAME,
            instanceId,
            config.scheduler().threads(),
            config.poll().checkInterval(),
            config.webhook().checkInterval(),
            JobScheduler.STALLED_AFTER),
        new JobScheduler.Round(
            pollCycle::runOnce, config.poll().batchSize(), pollCycle::untilNextWake),
        delivery.round().map(round -> new JobScheduler.Round(round, deliveryBatch)));
  }

  JobScheduler scheduler() {
    return scheduler;
  }

  /** Closes the NOTIFY listener and stops the poll cycle's claims. */
  @Override
  public void stopIntake() {
    stopIntake.run();
  }

  /** Waits for running jobs (bounded), then closes the API clients. */
  @Override
  public void close() {
    closer.close();
  }
}
