package dev.streampoller.discovery;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.VideoListQuery;
import dev.streampoller.db.Database;
import dev.streampoller.polling.CreatedDownloads;
import dev.streampoller.webhook.WebhookRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-track's round, {@link #runOnce()}: for each account with auto-track whose round is due and
 * not running elsewhere (the {@code discovery} row's lease: one instance at a time across the
 * cluster), one forward list request from the cursor (videos ready to stream, created after it,
 * oldest first); when that answer was not full, one look-back request over the window before the
 * cursor, where a video created earlier but ready only now is found. Each video not known to {@code
 * tracked_video} gets its downloads created and is tracked once; a video known in any way (tracked,
 * ended, untracked) is left alone. A full answer (1,000 videos) makes the next round due at once,
 * so a backlog is worked through round after round, each request within the budget's share for
 * discovery ({@link DiscoveryBudget}).
 */
public final class DiscoveryRound {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRound.class);

  private final Database database;
  private final List<DiscoveredAccount> accounts;
  private final String owner;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final CreatedDownloads createdDownloads;
  private final java.util.Set<String> sinceWarned =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicBoolean stopping =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** {@code owner} names this instance in the leases it takes. */
  public DiscoveryRound(
      Database database,
      List<DiscoveredAccount> accounts,
      WebhookRoutes routes,
      String owner,
      Clock clock,
      MeterRegistry metrics) {
    this.database = database;
    this.accounts = List.copyOf(accounts);
    this.owner = owner;
    this.clock = clock;
    this.metrics = metrics;
    this.createdDownloads = new CreatedDownloads(routes);
  }

  /**
   * Stops taking new work: no new round starts, and a running one ends after the video it is on
   * (its position kept, the next round due at once, wherever it runs).
   */
  public void stop() {
    stopping.set(true);
  }

  /** Runs the due round of each account; returns how many videos it started tracking. */
  public int runOnce() {
    int found = 0;
    for (DiscoveredAccount account : accounts) {
      if (stopping.get()) {
        break;
      }
      try {
        found += run(account);
      } catch (RuntimeException e) {
        // The lease expires and the round is run again: nothing was lost.
        LOG.warn("Account {}: discovery round failed: {}", account.accountId(), e.toString());
      }
    }
    return found;
  }

  private int run(DiscoveredAccount account) {
    Instant now = clock.instant();
    Instant since = account.settings().since().orElse(now);
    Optional<DiscoveryRepository.Claim> claim =
        database.inTransaction(
            c -> {
              DiscoveryRepository rows = new DiscoveryRepository();
              rows.ensure(c, account.accountId(), since, now);
              return rows.claim(
                  c,
                  account.accountId(),
                  owner,
                  now,
                  now.plus(RoundContext.lease(account.client())));
            });
    if (claim.isEmpty()) {
      return 0;
    }
    Optional<Instant> configured = account.settings().since();
    if (configured.isPresent()
        && sinceDiffers(configured.get(), claim.get().since())
        && sinceWarned.add(account.accountId())) {
      LOG.warn(
          "Account {}: auto-track.since is {}, but discovery started at {} when it was first"
              + " enabled and goes on from its cursor; delete its discovery row to start anew",
          account.accountId(),
          configured.get(),
          claim.get().since());
    }
    RoundContext round =
        new RoundContext(
            database,
            account,
            owner,
            clock,
            metrics,
            createdDownloads,
            claim.get().failures(),
            stopping::get);
    RoundEnd end = sweep(round, claim.get());
    if (!end.lost()) {
      Instant finished = clock.instant();
      database.run(
          c ->
              new DiscoveryRepository()
                  .finish(
                      c,
                      account.accountId(),
                      owner,
                      finished,
                      end.next() == null ? finished : end.next(),
                      end.ran() || round.wasAnswered(),
                      end.error(),
                      round.skippedError()));
    }
    if (round.found() > 0) {
      LOG.info("Account {}: discovered {} new video(s)", account.accountId(), round.found());
    }
    return round.found();
  }

  /**
   * Whether the configured {@code since} differs from the one the row started with, which
   * PostgreSQL stored to the microsecond (a since of finer precision, as the demo's, is the same).
   */
  static boolean sinceDiffers(Instant configured, Instant stored) {
    return !configured.truncatedTo(java.time.temporal.ChronoUnit.MICROS).equals(stored);
  }

  /** The forward sweep, then, when it was not full, the look-back sweep. */
  private RoundEnd sweep(RoundContext round, DiscoveryRepository.Claim claim) {
    Instant now = clock.instant();
    Instant next = now.plus(round.settings().interval());
    ListSweep.Result forward =
        new ListSweep(round, true)
            .run(query(round, claim.cursor(), Optional.empty()), claim.cursor(), claim.since());
    if (forward.end() != null) {
      return forward.end();
    }
    if (forward.size() >= CloudflareClient.LIST_CAP) {
      return RoundEnd.at(now);
    }
    Instant cursor =
        forward.last() != null && forward.last().isAfter(claim.cursor())
            ? forward.last()
            : claim.cursor();
    Instant from = cursor.minus(round.settings().lookBack());
    if (from.isBefore(claim.since())) {
      from = claim.since();
    }
    if (claim.lookBackFrom() != null && claim.lookBackFrom().isAfter(from)) {
      from = claim.lookBackFrom();
    }
    if (!from.isBefore(cursor)) {
      return RoundEnd.at(next);
    }
    ListSweep.Result back =
        new ListSweep(round, false)
            .run(query(round, from, Optional.of(cursor)), from, claim.since());
    return back.end() != null ? back.end() : RoundEnd.at(next);
  }

  private static VideoListQuery query(RoundContext round, Instant from, Optional<Instant> before) {
    return new VideoListQuery(
        listFrom(from), before, round.settings().creator(), round.settings().search());
  }

  /**
   * Where a list request for videos created after {@code from} starts: a microsecond before it.
   * Cloudflare does not promise distinct created times, nor say whether {@code after} (an alias of
   * {@code start}) is strict; so the videos created at {@code from} itself, handled or not (a full
   * answer may end among them, a crash may fall between them), are listed again, and those known
   * are skipped. Should 1,000 videos share that one time, the sweep cannot pass it: it stops with
   * an error ({@link ListSweep}).
   */
  static Instant listFrom(Instant from) {
    return from.minusNanos(1000);
  }
}
