package dev.streampoller.cli;

import dev.streampoller.config.WebhookConfig;
import dev.streampoller.db.Database;
import dev.streampoller.polling.JobScheduler;
import dev.streampoller.webhook.EndpointRepository;
import dev.streampoller.webhook.RetrySchedule;
import dev.streampoller.webhook.SenderLimits;
import dev.streampoller.webhook.WebhookDispatcher;
import dev.streampoller.webhook.WebhookRoutes;
import dev.streampoller.webhook.WebhookSender;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery part of a running daemon: the configured webhook routes, synchronized into the
 * {@code webhook_endpoint} table, and, when there is any endpoint, the dispatcher with its sender
 * and its {@link SenderPool}. Its delivery round runs on {@link PollingPart}'s scheduler. Stopping
 * intake stops the dispatcher's claims; closing drains the sends in flight (bounded).
 */
final class DeliveryPart implements DaemonPart {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryPart.class);

  /** On stop, sends in flight get their timeout plus this before they are abandoned. */
  private static final Duration SENDER_DRAIN_MARGIN = Duration.ofSeconds(5);

  /** Threads that just gave their permit back may not have ended their task yet. */
  private static final int SENDER_THREAD_SLACK = 4;

  private final WebhookRoutes routes;
  private final Optional<WebhookDispatcher> dispatcher;
  private final Closer closer;

  private DeliveryPart(
      WebhookRoutes routes, Optional<WebhookDispatcher> dispatcher, Closer closer) {
    this.routes = routes;
    this.dispatcher = dispatcher;
    this.closer = closer;
  }

  static DeliveryPart start(DaemonCore core) {
    WebhookConfig webhook = core.config().webhook();
    WebhookRoutes routes = Webhooks.routes(webhook);
    if (routes.isEmpty()) {
      LOG.warn("No webhook endpoint is configured: transitions are recorded, no webhook is sent");
      return new DeliveryPart(routes, Optional.empty(), new Closer());
    }
    syncEndpoints(core, routes);
    Closer closer = new Closer();
    try {
      WebhookSender sender =
          closer.add(new WebhookSender(webhook.timeout(), Daemon.USER_AGENT, core.clock()));
      SenderLimits limits =
          SenderLimits.forConfig(webhook.maxConcurrency(), webhook.endpointConcurrency());
      SenderPool pool =
          closer.add(
              new SenderPool(
                  limits.maxThreads(routes.endpoints().size()) + SENDER_THREAD_SLACK,
                  webhook.timeout().plus(SENDER_DRAIN_MARGIN)));
      WebhookDispatcher dispatcher =
          new WebhookDispatcher(
              core.database(),
              routes,
              sender,
              pool,
              core.clock(),
              new WebhookDispatcher.Settings(
                  core.owner(),
                  webhook.batchSize(),
                  webhook.lease(),
                  RetrySchedule.withRandomJitter(webhook.retrySchedule()),
                  limits),
              core.metrics().registry());
      return new DeliveryPart(routes, Optional.of(dispatcher), closer);
    } catch (RuntimeException e) {
      closer.close();
      throw e;
    }
  }

  /** Stores the configured endpoints and warns of pending deliveries nobody here sends. */
  private static void syncEndpoints(DaemonCore core, WebhookRoutes routes) {
    Database database = core.database();
    database.run(c -> new EndpointRepository().sync(c, routes.endpoints(), core.clock().instant()));
    database
        .inTransaction(c -> new EndpointRepository().orphanedPending(c, routes.names()))
        .forEach(
            (endpoint, count) ->
                LOG.warn(
                    "{} pending delivery(ies) for endpoint {}, which is not configured here:"
                        + " no instance with this configuration sends them",
                    count,
                    endpoint));
  }

  /** Where webhooks go ({@link WebhookRoutes#none()} when nowhere). */
  WebhookRoutes routes() {
    return routes;
  }

  /** The delivery job's round, when any endpoint is configured. */
  Optional<JobScheduler.RoundRunner> round() {
    return dispatcher.map(d -> d::dispatchBatch);
  }

  /** Rounds running now give back the deliveries they have not started. */
  @Override
  public void stopIntake() {
    dispatcher.ifPresent(WebhookDispatcher::stop);
  }

  /** Waits for the sends in flight (bounded by the timeout and a margin), then the sender. */
  @Override
  public void close() {
    closer.close();
  }
}
