package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CpuUseTest {
  @Test
  void sinceSubtractsEachFigure() {
    CpuUse before = new CpuUse(1.0, 2.0, 3.0, 10.0, 40.0);
    CpuUse after = new CpuUse(1.5, 2.25, 4.0, 30.0, 80.0);

    CpuUse used = after.since(before);

    assertThat(used).isEqualTo(new CpuUse(0.5, 0.25, 1.0, 20.0, 40.0));
    assertThat(used.machineBusyShare()).isCloseTo(0.5, within(1e-9));
    assertThat(new CpuUse(0, 0, 0, 0, 0).machineBusyShare()).isNaN();
  }

  @Test
  void readsThisProcessAndTheMachineFromProc() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux /proc");
    CpuUse before = CpuUse.now(0);
    // Work until the kernel's 10 ms ticks show it, in this process and in the machine's counters
    // (bounded: five seconds at most).
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] block = new byte[1 << 16];
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!ticked(CpuUse.now(0).since(before)) && System.nanoTime() < deadline) {
      for (int i = 0; i < 50; i++) {
        block = java.util.Arrays.copyOf(sha.digest(block), 1 << 16);
      }
    }
    CpuUse used = CpuUse.now(0).since(before);

    assertThat(before.daemon()).as("no daemon pid given").isNaN();
    assertThat(used.bench()).isPositive();
    assertThat(used.machineTotal()).isPositive();
    assertThat(used.machineBusy()).isBetween(0.0, used.machineTotal());
    assertThat(before.postgres()).isNotNegative();
    assertThat(CpuUse.process(ProcessHandle.current().pid(), false))
        .isLessThanOrEqualTo(CpuUse.process(ProcessHandle.current().pid(), true));
    assertThat(CpuUse.process(Long.MAX_VALUE, false)).as("no such process").isNaN();
  }

  @Test
  void tellsAnExitedUnreapedProcessFromARunningOne() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux /proc");
    // The shell starts a child and becomes `sleep`, which never reaps it: the child stays a zombie,
    // as a PostgreSQL backend does between its exit and its postmaster's wait.
    Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 30").start();
    try {
      Path child = Path.of("/proc", Long.toString(unreapedChild(parent)));

      assertThat(CpuUse.isZombie(child)).isTrue();
      assertThat(CpuUse.isZombie(Path.of("/proc", Long.toString(parent.pid())))).isFalse();
      assertThat(CpuUse.isZombie(Path.of("/proc/self"))).isFalse();
    } finally {
      parent.destroyForcibly().waitFor();
    }
    assertThat(CpuUse.isZombie(Path.of("/proc", Long.toString(parent.pid()))))
        .as("reaped, so gone")
        .isFalse();
  }

  @Test
  void aPostgresReadingIsTrustedOnceTwoPassesListTheSameProcessesAndNothingExited() {
    Passes passes =
        new Passes(
            reading(10.0, Set.of(1L, 2L, 3L), false),
            reading(4.0, Set.of(1L, 2L), false), // a backend reaped in between: maybe in neither
            reading(11.0, Set.of(1L, 2L), true), // a zombie, or a process gone while read
            reading(12.0, Set.of(1L, 2L), false),
            reading(99.0, Set.of(1L, 2L), false));

    assertThat(CpuUse.settled(passes, passes::pause, passes::now, 1_000)).isEqualTo(12.0);
    assertThat(passes.taken).as("passes taken").isEqualTo(4);
    assertThat(passes.knownOthers.get(3))
        .as("a pass is told which processes the one before saw as something else")
        .isEqualTo(Set.of(7L));
  }

  @Test
  void aPostgresReadingThatNeverSettlesIsNotANumber() {
    Passes churning = new Passes(reading(1.0, Set.of(1L), true));
    Passes unreadable = new Passes(reading(Double.NaN, Set.of(), true));

    assertThat(CpuUse.settled(churning, churning::pause, churning::now, 1_000))
        .as("past the wait")
        .isNaN();
    // The first pass, then one after each pause until the clock is past the wait: 11 of 100 ns.
    assertThat(churning.taken).isEqualTo(12);
    assertThat(CpuUse.settled(unreadable, unreadable::pause, unreadable::now, 1_000))
        .as("no /proc")
        .isNaN();
    assertThat(unreadable.taken).as("without waiting").isEqualTo(1);
  }

  @Test
  void aPassIsUnsettledByAnUnreapedPostgresProcess() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux /proc");
    Path postgres = Files.createTempDirectory("cpu-use").resolve("postgres");
    Files.copy(Path.of("/bin/true"), postgres);
    assumeTrue(postgres.toFile().setExecutable(true), "an executable copy of /bin/true");
    // The shell starts a process named postgres and becomes `sleep`, which never reaps it.
    Process parent = new ProcessBuilder("sh", "-c", postgres + " & exec sleep 30").start();
    try {
      long zombie = unreapedChild(parent);

      CpuUse.PostgresReading pass = CpuUse.postgresReading(Set.of());
      assertThat(pass.pids()).contains(zombie);
      assertThat(pass.unsettled()).isTrue();
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }

  /** The pid of {@code parent}'s child once it has exited and stays unreaped. */
  private static long unreapedChild(Process parent) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                parent
                    .children()
                    .map(ProcessHandle::pid)
                    .filter(pid -> CpuUse.isZombie(Path.of("/proc", Long.toString(pid))))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static CpuUse.PostgresReading reading(double seconds, Set<Long> pids, boolean unsettled) {
    return new CpuUse.PostgresReading(seconds, pids, Set.of(7L), unsettled);
  }

  /** Scripted passes, the last repeated; a clock that moves only when a pass pauses. */
  private static final class Passes implements Function<Set<Long>, CpuUse.PostgresReading> {
    static final int PAUSE_NANOS = 100;
    private final List<CpuUse.PostgresReading> script;
    private final List<Set<Long>> knownOthers = new ArrayList<>();
    private long nanos;
    private int taken;

    Passes(CpuUse.PostgresReading... script) {
      this.script = List.of(script);
    }

    @Override
    public CpuUse.PostgresReading apply(Set<Long> others) {
      knownOthers.add(others);
      return script.get(Math.min(taken++, script.size() - 1));
    }

    void pause() {
      nanos += PAUSE_NANOS;
    }

    long now() {
      return nanos;
    }
  }

  private static boolean ticked(CpuUse used) {
    return used.bench() > 0 && used.machineTotal() > 0;
  }
}
