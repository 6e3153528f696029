package dev.streampoller.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * CPU seconds used on this Linux box so far, by who used them: the daemon's process, every process
 * named {@code postgres} (with the children they reaped, so backends that ended still count), this
 * bench process (the simulator, the receiver and the bench itself, with children it reaped, such as
 * pgbench), and the whole machine (busy and in all, over every core). Read from {@code /proc}; a
 * figure that cannot be read (not Linux, a database on another host) is NaN or 0. The difference of
 * two readings says where a run's CPU went, which is what limits polling on a saturated box.
 */
record CpuUse(
    double daemon, double postgres, double bench, double machineBusy, double machineTotal) {
  /** Linux's USER_HZ: the unit of every time in /proc/PID/stat and /proc/stat. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** A reading now; {@code daemonPid} is 0 when there is no daemon to read. */
  static CpuUse now(long daemonPid) {
    double[] machine = machine();
    return new CpuUse(
        daemonPid == 0 ? Double.NaN : process(daemonPid, false),
        postgresProcesses(),
        process(ProcessHandle.current().pid(), true),
        machine[0],
        machine[1]);
  }

  /** What was used between {@code before} and this reading. */
  CpuUse since(CpuUse before) {
    return new CpuUse(
        daemon - before.daemon,
        postgres - before.postgres,
        bench - before.bench,
        machineBusy - before.machineBusy,
        machineTotal - before.machineTotal);
  }

  /** The share of the machine's CPU time that was busy, 0 to 1. */
  double machineBusyShare() {
    return machineTotal > 0 ? machineBusy / machineTotal : Double.NaN;
  }

  /** User plus system CPU seconds of one process, with its reaped children's if asked. */
  static double process(long pid, boolean withChildren) {
    return seconds(statFields(Path.of("/proc", Long.toString(pid))), withChildren);
  }

  /**
   * The fields of {@code /proc/PID/stat} after the command name (which may hold spaces), the
   * process's state first; null when the process is gone.
   */
  private static String @Nullable [] statFields(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** utime and stime, and cutime and cstime if asked (the 12th to 15th fields), in seconds. */
  private static double seconds(String @Nullable [] f, boolean withChildren) {
    if (f == null) {
      return Double.NaN;
    }
    try {
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (withChildren) {
        ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return ticks / TICKS_PER_SECOND;
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** How long a reading waits for exited PostgreSQL processes to be reaped. */
  private static final long REAP_WAIT_NANOS = 2_000_000_000L;

  /**
   * Every PostgreSQL process's CPU with its reaped children's, or NaN when it cannot be read whole.
   * A backend's time moves to its postmaster's when the postmaster reaps it, so a reading taken
   * while backends exit (all of pgbench's end together, right before the reading that closes its
   * run) can miss it two ways: a zombie reports no CPU of its own while its time is not yet its
   * postmaster's, and a backend reaped after the postmaster was read but before its own turn is in
   * neither. So the reading is repeated until a pass finds no zombie and no process gone while
   * being read (other than one the pass before saw as something else than PostgreSQL), and lists
   * the same PostgreSQL processes as the pass before it.
   */
  private static double postgresProcesses() {
    return settled(
        CpuUse::postgresReading,
        () -> LockSupport.parkNanos(5_000_000L),
        System::nanoTime,
        REAP_WAIT_NANOS);
  }

  /**
   * Passes until one is settled after the one before it: its seconds; NaN at once when a pass
   * cannot read {@code /proc}, and NaN when none settles within {@code waitNanos}.
   */
  static double settled(
      Function<Set<Long>, PostgresReading> pass,
      Runnable pause,
      LongSupplier nanoTime,
      long waitNanos) {
    long deadline = nanoTime.getAsLong() + waitNanos;
    PostgresReading previous = pass.apply(Set.of());
    while (!Double.isNaN(previous.seconds())) {
      if (nanoTime.getAsLong() - deadline > 0) {
        return Double.NaN;
      }
      pause.run();
      PostgresReading reading = pass.apply(previous.others());
      if (reading.settledAfter(previous)) {
        return reading.seconds();
      }
      previous = reading;
    }
    return Double.NaN;
  }

  /**
   * One pass over the processes: the PostgreSQL ones' CPU seconds and pids, the others' pids, and
   * whether a PostgreSQL process was a zombie or a process went away while being read.
   */
  record PostgresReading(double seconds, Set<Long> pids, Set<Long> others, boolean unsettled) {
    /** Whether this reading can be trusted, {@code previous} being the one just before it. */
    boolean settledAfter(PostgresReading previous) {
      return !unsettled && !Double.isNaN(seconds) && pids.equals(previous.pids);
    }
  }

  /**
   * One pass; a process gone between the listing and its reading unsettles it unless {@code
   * knownOthers} (the pass before) saw it as something else than PostgreSQL.
   */
  static PostgresReading postgresReading(Set<Long> knownOthers) {
    double sum = 0;
    boolean unsettled = false;
    Set<Long> pids = new HashSet<>();
    Set<Long> others = new HashSet<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        String comm = command(proc);
        if (comm == null) {
          // Listed, then gone: if it was PostgreSQL, its time may be in no reading of this pass.
          unsettled |= !knownOthers.contains(pid);
        } else if (comm.equals("postgres")) {
          // One read of its stat for both, so its state and its times are of the same moment.
          String[] stat = statFields(proc);
          double seconds = seconds(stat, true);
          unsettled |= Double.isNaN(seconds) || isZombie(stat);
          sum += Double.isNaN(seconds) ? 0 : seconds;
          pids.add(pid);
        } else {
          others.add(pid);
        }
      }
    } catch (IOException | RuntimeException e) {
      return new PostgresReading(Double.NaN, pids, others, true);
    }
    return new PostgresReading(sum, pids, others, unsettled);
  }

  /** A process's command name, or null if it is gone. */
  private static String command(Path proc) {
    try {
      return Files.readString(proc.resolve("comm")).strip();
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether a process has exited but not been reaped (state Z); false if it is gone. */
  static boolean isZombie(Path proc) {
    return isZombie(statFields(proc));
  }

  private static boolean isZombie(String @Nullable [] stat) {
    return stat != null && stat[0].equals("Z");
  }

  /** Busy and total CPU seconds of the machine, over every core. */
  private static double[] machine() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      // cpu user nice system idle iowait irq softirq steal ...
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        long v = Long.parseLong(f[i]);
        total += v;
        if (i == 4 || i == 5) {
          idle += v;
        }
      }
      return new double[] {(total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND};
    } catch (IOException | RuntimeException e) {
      return new double[] {Double.NaN, Double.NaN};
    }
  }
}
