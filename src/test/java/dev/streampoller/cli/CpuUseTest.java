package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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
      Path child =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      parent
                          .children()
                          .findFirst()
                          .map(p -> Path.of("/proc", Long.toString(p.pid())))
                          .filter(CpuUse::isZombie),
                  Optional::isPresent)
              .orElseThrow();

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
  void aPostgresReadingIsTrustedOnlyWhenNothingExitedAroundIt() {
    var before = new CpuUse.PostgresReading(10.0, Set.of(1L, 2L, 3L), false);

    assertThat(new CpuUse.PostgresReading(12.0, Set.of(1L, 2L, 3L), false).settledAfter(before))
        .as("the same processes, all read alive")
        .isTrue();
    assertThat(new CpuUse.PostgresReading(4.0, Set.of(1L, 2L), false).settledAfter(before))
        .as(
            "a backend reaped in between: its time may have missed both its own and the postmaster's read")
        .isFalse();
    assertThat(new CpuUse.PostgresReading(12.0, Set.of(1L, 2L, 3L, 4L), false).settledAfter(before))
        .as("a process started in between")
        .isFalse();
    assertThat(new CpuUse.PostgresReading(12.0, Set.of(1L, 2L, 3L), true).settledAfter(before))
        .as("a zombie, or a process gone while being read")
        .isFalse();
    assertThat(
            new CpuUse.PostgresReading(Double.NaN, Set.of(1L, 2L, 3L), false).settledAfter(before))
        .as("/proc unreadable")
        .isFalse();
  }

  private static boolean ticked(CpuUse used) {
    return used.bench() > 0 && used.machineTotal() > 0;
  }
}
