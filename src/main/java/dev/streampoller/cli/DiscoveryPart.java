package dev.streampoller.cli;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import dev.streampoller.discovery.DiscoveredAccount;
import dev.streampoller.discovery.DiscoveryRound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-track in a running daemon: one thread that runs the {@link DiscoveryRound} every tick (at
 * most {@link #MAX_TICK}, less when an account's interval is shorter). Each account's round runs
 * when its {@code discovery} row says it is due, under that row's lease, so any number of instances
 * tick without coordinating through Quartz: the row decides who runs. Nothing runs when no account
 * has auto-track enabled.
 */
final class DiscoveryPart implements DaemonPart {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryPart.class);

  /** The longest time between two looks at the discovery rows. */
  static final Duration MAX_TICK = Duration.ofSeconds(5);

  /** How long closing waits for a running round (its requests have their own deadlines). */
  private static final Duration STOP_GRACE = Duration.ofSeconds(40);

  private final ScheduledExecutorService executor;
  private final DiscoveryRound round;
  private final Closer closer;

  private DiscoveryPart(ScheduledExecutorService executor, DiscoveryRound round, Closer closer) {
    this.executor = executor;
    this.round = round;
    this.closer = closer;
  }

  static DaemonPart start(DaemonCore core, DeliveryPart delivery) {
    AppConfig config = core.config();
    List<AccountConfig> enabled =
        config.cloudflare().accounts().stream().filter(a -> a.autoTrack().enabled()).toList();
    if (enabled.isEmpty()) {
      return () -> {};
    }
    Closer closer = new Closer();
    List<DiscoveredAccount> accounts = new ArrayList<>();
    Duration tick = MAX_TICK;
    for (AccountConfig account : enabled) {
      String budgetId = account.credential().budgetId();
      List<String> sameCredential =
          config.cloudflare().accounts().stream()
              .filter(a -> a.credential().budgetId().equals(budgetId))
              .map(AccountConfig::accountId)
              .toList();
      accounts.add(
          new DiscoveredAccount(
              account,
              closer.add(ApiClients.forAccount(config, account, core.clock())),
              sameCredential));
      if (account.autoTrack().interval().compareTo(tick) < 0) {
        tick = account.autoTrack().interval();
      }
    }
    DiscoveryRound round =
        new DiscoveryRound(
            core.database(),
            accounts,
            delivery.routes(),
            core.owner(),
            core.clock(),
            core.metrics().registry());
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "stream-poller-discovery");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            round.runOnce();
          } catch (Throwable t) {
            LOG.error("The discovery round failed; it runs again at its next tick", t);
          }
        },
        0,
        tick.toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info(
        "Auto-track on for account(s) {}, looking every {}",
        enabled.stream().map(AccountConfig::accountId).toList(),
        tick);
    return new DiscoveryPart(executor, round, closer);
  }

  /** No new rounds; a running one ends after the video it is on. */
  @Override
  public void stopIntake() {
    round.stop();
    executor.shutdown();
  }

  /** Waits (bounded) for a running round, then closes the API clients. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("A discovery round was still running after {}; its lease runs out", STOP_GRACE);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    closer.close();
  }
}
