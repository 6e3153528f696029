package dev.streampoller.cli;

import dev.streampoller.simulator.bench.BenchReport;
import dev.streampoller.simulator.bench.BenchResult;
import dev.streampoller.simulator.bench.PolicyBench;
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
   * {@code bench policy}: replays workloads against the poll policy, round-robin and an oracle in
   * virtual time and prints detection latency, polls and the worst 5-minute window of each.
   */
  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      description =
          "Replay a workload against the poll policy, round-robin and an oracle in virtual time "
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
    }

    @Override
    public Integer call() {
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
        results.add(PolicyBench.run(workload));
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
  }
}
