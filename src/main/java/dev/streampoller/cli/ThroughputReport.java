package dev.streampoller.cli;

import java.time.Instant;
import java.util.Map;

/** The figures of a {@code bench throughput} run as text, each with what it was measured on. */
final class ThroughputReport {
  private ThroughputReport() {}

  static String text(
      ThroughputRun.Plan plan,
      ThroughputRun.Measured m,
      UpdateTps.Result tps,
      String jvmOptions,
      Map<String, String> overrides) {
    StringBuilder out = new StringBuilder("\n");
    double wall = m.pollingWall().toNanos() / 1e9;
    double percentiles = ThroughputFigures.sustainedPerSecond(m.polls());
    double average = m.polls().size() / wall;
    Instant end = m.pollingStart().plus(m.pollingWall());
    Instant half = m.pollingStart().plus(m.pollingWall().dividedBy(2));
    double secondHalf = ThroughputFigures.perSecondBetween(m.polls(), half, end);
    // Cut by --duration: the second half, past the burst that full buckets allow at the start.
    // Run to the end: the 10th to 90th percentile, without the tail of the last few videos.
    boolean cut = m.videosLeft() > 0;
    double sustained = cut ? secondHalf : percentiles;
    String basis = cut ? "second half" : "10th-90th percentile";
    double budget = plan.budgetPerSecond();
    line(
        out,
        "run            %d accounts x %d requests/5 min, %d videos ready after %d polls, "
            + "track rate %s, receiver delay %d ms",
        plan.accounts(),
        plan.budget(),
        plan.videos(),
        plan.pollsToReady(),
        plan.trackRate() == 0 ? "all at once" : plan.trackRate() + "/s",
        plan.receiverDelay().toMillis());
    line(
        out,
        "daemon         JVM %s; configuration: defaults%s",
        jvmOptions,
        overrides.isEmpty() ? "" : " but " + overrides);
    line(
        out,
        "polls          %d in %.1f s; second half of the run %.1f/s; between the 10th and 90th"
            + " percentile %.1f/s; average %.1f/s",
        m.polls().size(),
        wall,
        secondHalf,
        percentiles,
        average);
    line(
        out,
        "budgets        sum %.1f/s; sustained polls/s (%s) %.1f/s = %.3fx the sum (%s)",
        budget,
        basis,
        sustained,
        sustained / budget,
        sustained / budget >= 0.95
            ? "the budgets bind"
            : "below 0.95x: the daemon, or too few due videos (poll.min-interval), limits polling"
                + " here, not the budgets");
    line(
        out,
        "update TPS     %.0f single-row UPDATE TPS (%s, %d clients, same PostgreSQL, after the"
            + " run); polls/s = %.2fx that",
        tps.tps(),
        tps.tool(),
        tps.clients(),
        sustained / tps.tps());
    line(
        out,
        "webhooks       %d delivered in all (%d duplicates, %d bad signatures); of polled videos sustained %.1f/s",
        m.webhooksReceived(),
        m.duplicates(),
        m.badSignatures(),
        ThroughputFigures.sustainedPerSecond(m.deliveries()));
    if (plan.backlog() > 0) {
      line(
          out,
          "backlog        %d of %d due deliveries received; drained at %.1f/s sustained",
          m.backlogDeliveries().size(),
          plan.backlog(),
          ThroughputFigures.sustainedPerSecond(m.backlogDeliveries()));
    }
    line(out, "observe->deliv %s", ThroughputFigures.percentiles(m.observeToDelivered()));
    line(out, "track->request %s", ThroughputFigures.percentiles(m.trackToFirstRequest()));
    line(
        out,
        "daemon RSS     peak %d MiB, at the end %d MiB",
        m.peakRssKib() / 1024,
        m.lastRssKib() / 1024);
    line(
        out,
        "daemon CPU     %.1f s in all, %.2f CPU-seconds per 1,000 polls (deliveries included)",
        m.cpuSeconds(),
        m.polls().isEmpty() ? Double.NaN : m.cpuSeconds() * 1000 / m.polls().size());
    cpuLines(out, m, tps);
    if (m.videosLeft() > 0) {
      line(out, "unfinished     %d videos still polled when --duration ran out", m.videosLeft());
    }
    return out.toString();
  }

  /**
   * Where the box's CPU went per poll and per UPDATE transaction: on a saturated box the ratio of
   * the two, not PostgreSQL alone, is what bounds polls/s against the UPDATE TPS.
   */
  private static void cpuLines(StringBuilder out, ThroughputRun.Measured m, UpdateTps.Result tps) {
    CpuUse cpu = m.pollingCpu();
    long polls = m.polls().stream().filter(at -> !at.isBefore(m.cpuFrom())).count();
    if (polls == 0 || Double.isNaN(cpu.machineTotal())) {
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double perPoll = cpu.machineBusy() * 1000 / polls;
    double others = cpu.machineBusy() - cpu.daemon() - cpu.postgres() - cpu.bench();
    line(
        out,
        "CPU per poll   second half: machine %.0f%% busy over %d cores; per poll %.3f ms in all:"
            + " daemon %.3f, PostgreSQL %.3f, simulator + receiver + bench %.3f, other processes"
            + " %.3f; at that cost the box polls at most %.0f/s",
        100 * cpu.machineBusyShare(),
        cores,
        perPoll,
        cpu.daemon() * 1000 / polls,
        cpu.postgres() * 1000 / polls,
        cpu.bench() * 1000 / polls,
        others * 1000 / polls,
        cores * 1000 / perPoll);
    CpuUse update = tps.cpu();
    if (update != null && tps.transactions() > 0 && !Double.isNaN(update.machineTotal())) {
      double perUpdate = update.machineBusy() * 1000 / tps.transactions();
      line(
          out,
          "CPU per UPDATE machine %.0f%% busy; per transaction %.3f ms in all, PostgreSQL %.3f;"
              + " a poll costs the box %.1f UPDATE transactions (PostgreSQL alone: %.1f)",
          100 * update.machineBusyShare(),
          perUpdate,
          update.postgres() * 1000 / tps.transactions(),
          perPoll / perUpdate,
          (cpu.postgres() / polls) / (update.postgres() / tps.transactions()));
      // The bound that no saving in PostgreSQL can lift: the HTTP exchange and the daemon's own
      // work, on the same cores.
      double withoutDatabase = (cpu.daemon() + cpu.bench()) * 1000 / polls;
      line(
          out,
          "CPU bound      without PostgreSQL's share (daemon + simulator + receiver + bench, %.3f"
              + " ms a poll) the box polls at most %.0f/s = %.2fx the UPDATE TPS",
          withoutDatabase,
          cores * 1000 / withoutDatabase,
          cores * 1000 / withoutDatabase / tps.tps());
    }
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(format, args)).append('\n');
  }
}
