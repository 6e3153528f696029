package dev.streampoller.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streampoller.config.ConfigKeys;
import dev.streampoller.simulator.Fault;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kill -9} of a random daemon at a random moment, preferably while it holds claims, under a
 * steady trickle of new videos; a replacement starts at once. The fast build runs a few cycles with
 * one instance; the {@code faults} profile 20 cycles with one and with three, and 3, one lease
 * apart, with one instance at the default lease and timeouts.
 */
@ExtendWith(PostgresExtension.class)
class KillScenarioIT {
  /** The documented defaults of {@code poll.lease} and {@code poll.check-interval}. */
  private static final Duration POLL_LEASE = Duration.parse(ConfigKeys.POLL_LEASE.defaultText());

  private static final Duration POLL_CHECK_INTERVAL =
      Duration.parse(ConfigKeys.POLL_CHECK_INTERVAL.defaultText());

  /** The target for a killed instance's videos; scaled leases make it far shorter here. */
  private static final Duration REPOLL_TARGET = Duration.ofSeconds(30);

  /**
   * {@code scaled}: the suite's short leases and timeouts; {@code defaults}: the lease, API
   * timeouts and check interval a user gets (poll.lease PT20S), for the 30 s re-poll target.
   */
  @ParameterizedTest(name = "{0} instance(s), {1} timings")
  @CsvSource({"1, defaults", "1, scaled", "3, scaled"})
  void shouldLoseNothingWhenDaemonsAreKilledAtRandomMoments(
      int instances, String timings, DataSource dataSource) throws Exception {
    boolean defaults = timings.equals("defaults");
    assumeTrue(
        (instances == 1 && !defaults) || FaultSettings.full(),
        "three instances and the default timings run in the faults profile");
    String scenario = "kill9-" + instances + (defaults ? "-defaults" : "");
    long seed = FaultSettings.seed(scenario);
    int cycles = defaults ? 3 : FaultSettings.pick(4, 20);
    try (FaultWorld world =
        FaultWorld.start(
            FaultWorld.options(scenario, seed, dataSource, PostgresExtension.jdbcUrl())
                .withAccounts(2))) {
      if (defaults) {
        // The checker reads the lease from the configuration: the default, written out.
        world.config().set("poll.lease", POLL_LEASE.toString());
        world.config().remove("cloudflare.connect-timeout");
        world.config().remove("cloudflare.response-timeout");
        world.config().remove("poll.check-interval");
      }
      world.startDaemons(instances);
      world.addVideos(6);
      List<Integer> killCodes = new ArrayList<>();
      Duration longestRepoll = Duration.ZERO;
      List<Kill> kills = new ArrayList<>();
      for (int cycle = 0; cycle < cycles; cycle++) {
        world.addVideos(2 + world.random().nextInt(4));
        List<DaemonProcess> live = world.liveDaemons();
        DaemonProcess victim = live.get(world.random().nextInt(live.size()));
        Duration delay = Duration.ofMillis(1_000 + world.random().nextInt(3_000));
        if (defaults) {
          // At the default lease, kills come one lease apart: a replacement killed before the
          // last victim's claims expired would measure two leases, not how fast one comes back.
          PostgresRestartScenarioIT.pause(POLL_LEASE);
          // Against a fast simulator a poll holds its claim for milliseconds: answers 4 s late
          // (under the default 10 s response timeout) make the kill find requests in flight.
          world.simulator().enqueueFault(Fault.latency(Duration.ofSeconds(4)).times(6));
          world.addVideos(3);
        }
        awaitClaimsOrTimeout(world, victim, delay);
        Set<String> claimed = world.claimedBy(victim);
        Instant killedAt = Instant.now();
        killCodes.add(victim.kill9());
        kills.add(new Kill(killedAt, claimed));
        world.startDaemon();
        // The next victim is chosen among running daemons: a replacement killed while it starts
        // would measure JVM start-ups, not how fast a dead instance's claims come back.
        world.awaitRunning(Duration.ofSeconds(60));
      }
      boolean settled = world.awaitSettled(Duration.ofSeconds(FaultSettings.pick(60, 120)));
      int repolled = 0;
      for (Kill kill : kills) {
        for (String uid : kill.claimed()) {
          Optional<Instant> next = world.firstRequestAfter(uid, kill.at());
          if (next.isPresent()) {
            repolled++;
            Duration wait = Duration.between(kill.at(), next.get());
            longestRepoll = wait.compareTo(longestRepoll) > 0 ? wait : longestRepoll;
          }
        }
      }
      Map<String, String> figures = new LinkedHashMap<>();
      figures.put("kills", Integer.toString(kills.size()));
      figures.put(
          "claimsAtKill", Integer.toString(kills.stream().mapToInt(k -> k.claimed().size()).sum()));
      figures.put("repolled", Integer.toString(repolled));
      figures.put("longestRepollAfterKill", CheckResult.seconds(longestRepoll));
      figures.put("lease", world.config().get("poll.lease"));
      figures.put("settled", Boolean.toString(settled));
      CheckResult result = world.check(figures);
      List<Integer> stopCodes = world.stopDaemons(Duration.ofSeconds(30));

      assertThat(killCodes).as("kill -9 exit codes").allMatch(code -> code == 137);
      assertThat(result.missedTargets()).as(result.summaryLine()).isEmpty();
      assertThat(longestRepoll)
          .as("a killed instance's videos polled again")
          .isLessThan(REPOLL_TARGET);
      assertThat(stopCodes).as("SIGTERM exit codes").allMatch(code -> code == 0);
    }
  }

  /** Waits {@code delay}, then up to 3 s more for the victim to hold a claim. */
  private static void awaitClaimsOrTimeout(FaultWorld world, DaemonProcess victim, Duration delay) {
    try {
      await()
          .pollDelay(delay)
          .pollInterval(Duration.ofMillis(50))
          .atMost(delay.plusSeconds(3))
          .until(() -> !world.claimedBy(victim).isEmpty());
    } catch (ConditionTimeoutException e) {
      // no claim held at the moment: kill it anyway, an idle instance is a moment too
    }
  }

  private record Kill(Instant at, Set<String> claimed) {}
}
