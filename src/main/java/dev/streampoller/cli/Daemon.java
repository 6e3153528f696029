package dev.streampoller.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.db.DataSources;
import dev.streampoller.db.Database;
import dev.streampoller.db.Migrations;
import dev.streampoller.ops.Metrics;
import dev.streampoller.ops.OpsServer;
import dev.streampoller.polling.CredentialPauseLift;
import dev.streampoller.polling.JobScheduler;
import dev.streampoller.polling.PollCycle;
import dev.streampoller.polling.PollPolicy;
import dev.streampoller.polling.PolledAccount;
import dev.streampoller.polling.TrackNotificationListener;
import dev.streampoller.webhook.EndpointRepository;
import dev.streampoller.webhook.RetrySchedule;
import dev.streampoller.webhook.SenderLimits;
import dev.streampoller.webhook.WebhookDispatcher;
import dev.streampoller.webhook.WebhookRoutes;
import dev.streampoller.webhook.WebhookSender;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a running daemon: builds the pool, the API client, the poll cycle, the
 * webhook dispatcher, the Quartz jobs and the NOTIFY listener from one {@link AppConfig}, and
 * closes them in reverse order. Used by {@code run} and {@code demo}.
 */
final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  static final String USER_AGENT = "stream-poller";
  static final String SCHEDULER_NAME = "stream-poller";
  private static final Duration LISTEN_READY_TIMEOUT = Duration.ofSeconds(10);

  /** On stop, sends in flight get their timeout plus this before they are abandoned. */
  private static final Duration SENDER_DRAIN_MARGIN = Duration.ofSeconds(5);

  /** Threads that just gave their permit back may not have ended their task yet. */
  private static final int SENDER_THREAD_SLACK = 4;

  private final List<AutoCloseable> resources;
  private final JobScheduler scheduler;
  private final String owner;

  private Daemon(List<AutoCloseable> resources, JobScheduler scheduler, String owner) {
    this.resources = resources;
    this.scheduler = scheduler;
    this.owner = owner;
  }

  static Daemon start(AppConfig config, Clock clock) {
    LOG.info("Starting with configuration:\n{}", config.describe());
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      Metrics metrics = Metrics.create(clock);
      resources.add(metrics);
      HikariDataSource dataSource = DataSources.createForDaemon(config.database(), "stream-poller");
      resources.add(dataSource);
      metrics.instrumentPool(dataSource);
      metrics.registerDatabaseGauges(dataSource);
      int pending = Migrations.pendingCount(dataSource);
      if (pending > 0) {
        throw new CliException(
            ExitCodes.CONFIG,
            "The database schema is "
                + pending
                + " migration(s) behind; run `stream-poller migrate` first.");
      }
      Database database = new Database(dataSource);
      String owner = ownerId();
      List<String> accountIds =
          config.cloudflare().accounts().stream().map(AccountConfig::accountId).toList();
      Map<String, String> budgetIdByAccount = new LinkedHashMap<>();
      config
          .cloudflare()
          .accounts()
          .forEach(a -> budgetIdByAccount.put(a.accountId(), a.credential().budgetId()));
      List<String> lifted =
          database.inTransaction(
              c -> CredentialPauseLift.atStart(c, budgetIdByAccount, clock.instant()));
      if (!lifted.isEmpty()) {
        LOG.info(
            "Lifted the credential pause of account(s) {} (a restart means the credential was"
                + " fixed)",
            lifted);
      }
      List<PolledAccount> polled = new ArrayList<>();
      for (AccountConfig account : config.cloudflare().accounts()) {
        CloudflareClient client = ApiClients.forAccount(config, account, clock);
        resources.add(client);
        polled.add(
            new PolledAccount(
                account.accountId(),
                client,
                account.credential().budgetId(),
                account.requestsPerFiveMinutes()));
      }

      AtomicReference<JobScheduler> schedulerRef = new AtomicReference<>();
      WebhookRoutes routes = Webhooks.routes(config.webhook());
      Optional<WebhookDispatcher> dispatcher = Optional.empty();
      if (!routes.isEmpty()) {
        database.run(c -> new EndpointRepository().sync(c, routes.endpoints(), clock.instant()));
        database
            .inTransaction(c -> new EndpointRepository().orphanedPending(c, routes.names()))
            .forEach(
                (endpoint, count) ->
                    LOG.warn(
                        "{} pending delivery(ies) for endpoint {}, which is not configured here:"
                            + " no instance with this configuration sends them",
                        count,
                        endpoint));
        WebhookSender sender = new WebhookSender(config.webhook().timeout(), USER_AGENT, clock);
        resources.add(sender);
        SenderLimits limits = SenderLimits.forMaxConcurrency(config.webhook().maxConcurrency());
        SenderPool pool =
            new SenderPool(
                limits.maxThreads(routes.endpoints().size()) + SENDER_THREAD_SLACK,
                config.webhook().timeout().plus(SENDER_DRAIN_MARGIN));
        resources.add(pool);
        dispatcher =
            Optional.of(
                new WebhookDispatcher(
                    database,
                    routes,
                    sender,
                    RetrySchedule.withRandomJitter(config.webhook().retrySchedule()),
                    clock,
                    owner,
                    config.webhook().batchSize(),
                    config.webhook().lease(),
                    pool,
                    limits,
                    metrics.registry()));
      } else {
        LOG.warn("No webhook endpoint is configured: transitions are recorded, no webhook is sent");
      }
      PollCycle pollCycle =
          new PollCycle(
              database,
              polled,
              new PollPolicy(
                  config.poll().minInterval(),
                  config.poll().maxInterval(),
                  config.poll().giveUpAfter()),
              routes,
              clock,
              owner,
              config.poll().batchSize(),
              config.poll().lease(),
              () ->
                  Optional.ofNullable(schedulerRef.get()).ifPresent(JobScheduler::triggerDelivery),
              metrics.registry());

      String instanceId =
          "AUTO".equals(config.scheduler().instanceId()) ? owner : config.scheduler().instanceId();
      JobScheduler scheduler =
          JobScheduler.start(
              dataSource,
              new JobScheduler.Settings(
                  SCHEDULER_NAME,
                  instanceId,
                  config.scheduler().threads(),
                  config.poll().checkInterval(),
                  config.webhook().checkInterval()),
              pollCycle::runOnce,
              config.poll().batchSize(),
              dispatcher.map(d -> (JobScheduler.RoundRunner) d::dispatchBatch),
              config.webhook().batchSize());
      schedulerRef.set(scheduler);
      resources.add(scheduler);
      config
          .ops()
          .listenAddress()
          .ifPresent(
              address ->
                  resources.add(
                      OpsServer.start(address, metrics, dataSource, scheduler::isRunning)));
      // Closed before the scheduler waits for running jobs: rounds give back unstarted work.
      Optional<WebhookDispatcher> stoppable = dispatcher;
      resources.add(
          () -> {
            pollCycle.stop();
            stoppable.ifPresent(WebhookDispatcher::stop);
          });
      TrackNotificationListener listener =
          new TrackNotificationListener(
                  () -> DataSources.openUnpooled(config.database(), "stream-poller-listen"),
                  scheduler::triggerPoll,
                  scheduler::wakeAfterOutage)
              .start();
      resources.add(listener);
      if (!listener.awaitListening(LISTEN_READY_TIMEOUT)) {
        LOG.warn("Not yet listening for tracked videos; new ones wait for the next poll tick");
      }
      LOG.info("stream-poller running as {}, polling account(s) {}", owner, accountIds);
      return new Daemon(resources, scheduler, owner);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  String owner() {
    return owner;
  }

  boolean isRunning() {
    return scheduler.isRunning();
  }

  /** Stops intake, lets running jobs finish, then closes clients and the pool. Idempotent. */
  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("Error while closing {}", resources.get(i).getClass().getSimpleName(), e);
      }
    }
    resources.clear();
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
