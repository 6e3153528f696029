package dev.streampoller.cli;

import dev.streampoller.simulator.bench.BenchReport;
import dev.streampoller.simulator.bench.BenchResult;
import dev.streampoller.simulator.bench.PolicyBench;
import dev.streampoller.simulator.bench.PolicySweep;
import dev.streampoller.simulator.bench.Workload;
import dev.streampoller.simulator.bench.WorkloadException;
import dev.streampoller.simulator.bench.WorkloadLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: benchmarks that run on this machine alone, without a database or network. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: the poll policy in virtual time, and the daemon in real time.",
    subcommands = {
      BenchCommand.Policy.class,
      BenchRealtimeCommand.class,
      BenchThroughputCommand.class
    })
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;
  @picocli.CommandLine.ParentCommand Main main;

  java.time.Clock clock() {
    return main.clock;
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a benchmark is required (see --help)");
  }

  /**
   * {@code bench policy}: replays workloads against the poll policy, round-robin and oracles in
   * virtual time and prints detection latency, polls and the worst 5-minute window of each.
   */
  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      description =
          "Replay a workload against the poll policy, round-robin, an oracle and two oracles held"
              + " to the age cap in virtual time "
              + "(deterministic, seconds of wall time) and print detection latency, polls spent "
              + "and the worst 5-minute request window.")
  static final class Policy implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    static final class Which {
      @Option(
          names = "--workload",
          paramLabel = "FILE",
          description =
              "A workload file, or the name of a shipped one: w1, w2-ample, w3-shapes, "
                  + "w4-burst, w5-steady.")
      @Nullable String workload;

      @Option(names = "--all", description = "Run every shipped workload.")
      boolean all;

      @Option(
          names = "--sweep",
          paramLabel = "N",
          description =
              "Replay N random workloads (policy, round-robin and the oracles) and print, per"
                  + " percentile, the"
                  + " median and worst ratio policy / round-robin.")
      @Nullable Integer sweep;
    }

    @Option(
        names = "--min-interval",
        paramLabel = "DURATION",
        description =
            "Replay with this poll.min-interval instead of the workload's (e.g. PT5S, the"
                + " daemon's default).")
    java.time.@Nullable Duration minInterval;

    @Option(
        names = "--age-cap",
        paramLabel = "FACTOR",
        description =
            "Replay the policy and the capped oracles with the age cap at FACTOR round-robin cycles"
                + " instead of the"
                + " daemon's 1, or 'none': what the tail guarantee costs the median.")
    @Nullable String ageCap;

    @Option(
        names = "--seed",
        paramLabel = "S",
        defaultValue = "1",
        description = "With --sweep: the seed the workloads are drawn with (default 1).")
    long seed;

    @Override
    public Integer call() {
      if (which.sweep != null) {
        return sweep(which.sweep);
      }
      List<Workload> workloads = new ArrayList<>();
      try {
        if (which.all) {
          WorkloadLoader.SHIPPED.forEach(name -> workloads.add(WorkloadLoader.shipped(name)));
        } else {
          workloads.add(WorkloadLoader.resolve(String.valueOf(which.workload)));
        }
      } catch (WorkloadException e) {
        if (e.isNotFound()) {
          throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        throw new CliException(
            ExitCodes.DATA, "Workload invalid:\n  - " + String.join("\n  - ", e.problems()));
      }
      List<BenchResult> results = new ArrayList<>();
      for (Workload workload : workloads) {
        results.add(PolicyBench.run(withPolling(workload)));
      }
      spec.commandLine()
          .getOut()
          .print(json ? BenchReport.json(results) : BenchReport.table(results));
      spec.commandLine().getOut().flush();
      boolean overBudget =
          results.stream()
              .flatMap(r -> r.strategies().stream())
              .anyMatch(s -> s.windowsOverBudget() > 0);
      // Over budget is a bug in the replay or the bucket, never an acceptable figure.
      return overBudget ? ExitCodes.SOFTWARE : ExitCodes.OK;
    }

    /** The workload with --min-interval and --age-cap applied, and named in its source. */
    private Workload withPolling(Workload w) {
      if (minInterval == null && ageCap == null) {
        return w;
      }
      if (minInterval != null && (minInterval.isNegative() || minInterval.isZero())) {
        throw new CliException(ExitCodes.USAGE, "--min-interval must be positive");
      }
      Workload.Polling p = w.polling();
      java.time.Duration min = minInterval == null ? p.minInterval() : minInterval;
      java.time.Duration max = p.maxInterval().compareTo(min) < 0 ? min : p.maxInterval();
      double factor = ageCapFactor();
      String source =
          w.source()
              + (minInterval == null ? "" : ", poll.min-interval " + minInterval)
              + (ageCap == null ? "" : ", age cap " + ageCap);
      return new Workload(
          w.name(),
          source,
          w.downloads(),
          w.arrival(),
          w.burst(),
          w.durations(),
          w.shapes(),
          new Workload.Polling(p.requestsPer5Minutes(), min, max, p.checkInterval(), factor),
          w.seed());
    }

    private double ageCapFactor() {
      if (ageCap == null) {
        return Workload.Polling.DAEMON_AGE_CAP;
      } else if (ageCap.equals("none")) {
        return Double.POSITIVE_INFINITY;
      }
      try {
        double factor = Double.parseDouble(ageCap);
        if (factor >= 1 && factor <= 1000) {
          return factor;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CliException(
          ExitCodes.USAGE,
          "--age-cap must be a number from 1 to 1000 or 'none', was '" + ageCap + "'");
    }

    private int sweep(int count) {
      if (count < 1 || count > MAX_SWEEP) {
        throw new CliException(
            ExitCodes.USAGE, "--sweep must be within 1.." + MAX_SWEEP + ", was " + count);
      }
      PolicySweep.Result result = PolicySweep.run(count, seed, this::withPolling);
      spec.commandLine().getOut().print(PolicySweep.table(result));
      spec.commandLine().getOut().flush();
      return result.windowsOverBudget() > 0 ? ExitCodes.SOFTWARE : ExitCodes.OK;
    }

    static final int MAX_SWEEP = 100_000;
  }
}
