package dev.streampoller.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.db.Migrations;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.testing.PrivatePostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped with {@code pg_ctl stop -m immediate} under load and started again after a
 * random 3-8 s (3-16 s in the full suite), the daemons left running: they must recover by
 * themselves. Measures, per restart, how long after the database is back the simulator sees the
 * next poll and a receiver the next webhook. A private cluster: the shared test database is never
 * stopped.
 */
class PostgresRestartScenarioIT {
  /**
   * The target is 5 s; measured at most 1.0 s (three full runs, 18 restarts of 3-16 s, two
   * daemons), asserted with room for a loaded two-core machine. Quartz's old 15 s retry interval
   * fails it (it measured 7.8-15.0 s after most restarts).
   */
  private static final Duration RESUME_BOUND = Duration.ofSeconds(8);

  @Test
  void shouldResumePollingAndDeliveryByThemselvesAfterEachDatabaseCrash() throws Exception {
    String scenario = "pg-restart";
    long seed = FaultSettings.seed(scenario);
    int restarts = FaultSettings.pick(1, 6);
    try (PrivatePostgres postgres = PrivatePostgres.start()) {
      Migrations.migrate(postgres.dataSource());
      try (FaultWorld world =
          FaultWorld.start(
              FaultWorld.options(scenario, seed, postgres.dataSource(), postgres.jdbcUrl()))) {
        world.startDaemons(FaultSettings.pick(1, 2));
        world.awaitRunning(Duration.ofSeconds(60));
        world.addVideos(4);
        List<Duration> pollResume = new ArrayList<>();
        List<Duration> deliveryResume = new ArrayList<>();
        List<Duration> downtimes = new ArrayList<>();
        for (int i = 0; i < restarts; i++) {
          // Videos that finish while the database is down: their events are due on its return.
          world.addVideos(4 + world.random().nextInt(4));
          pause(Duration.ofMillis(1_000 + world.random().nextInt(2_000)));
          // 3-8 s in the fast run; 3-16 s in the full one (the operator saw outages of 5-15 s).
          Duration down =
              Duration.ofMillis(3_000 + world.random().nextInt(FaultSettings.pick(5_000, 13_000)));
          postgres.stopImmediately();
          pause(down);
          postgres.startAgain();
          Instant up = Instant.now();
          downtimes.add(down);
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> firstRequestAfter(world, up).isPresent());
          pollResume.add(Duration.between(up, firstRequestAfter(world, up).orElseThrow()));
          boolean delivered =
              awaitQuietly(() -> firstWebhookAfter(world, up).isPresent(), Duration.ofSeconds(60));
          if (delivered) {
            deliveryResume.add(Duration.between(up, firstWebhookAfter(world, up).orElseThrow()));
          }
          assertThat(world.liveDaemons())
              .as("daemons alive after restart " + i)
              .hasSize(world.daemons().size());
        }
        boolean settled = world.awaitSettled(Duration.ofSeconds(90));
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("restarts", Integer.toString(restarts));
        figures.put("downtimes", list(downtimes));
        figures.put("pollResume", list(pollResume));
        figures.put("deliveryResume", list(deliveryResume));
        figures.put("settled", Boolean.toString(settled));
        CheckResult result = world.check(figures);
        List<Integer> stopCodes = world.stopDaemons(Duration.ofSeconds(30));

        assertThat(result.missedTargets()).as(result.summaryLine()).isEmpty();
        assertThat(pollResume)
            .as("polling resumed after the database returned")
            .allMatch(d -> d.compareTo(RESUME_BOUND) <= 0);
        assertThat(deliveryResume)
            .as("delivery resumed after the database returned")
            .allMatch(d -> d.compareTo(RESUME_BOUND) <= 0);
        assertThat(stopCodes).as("SIGTERM exit codes").allMatch(code -> code == 0);
      }
    }
  }

  private static Optional<Instant> firstRequestAfter(FaultWorld world, Instant since) {
    return world.simulator().requestLog().entries().stream()
        .map(RequestLog.Entry::at)
        .filter(t -> !t.isBefore(since))
        .min(Instant::compareTo);
  }

  private static Optional<Instant> firstWebhookAfter(FaultWorld world, Instant since) {
    return world.receivers().values().stream()
        .flatMap(r -> r.received().stream())
        .map(WebhookReceiver.ReceivedWebhook::receivedAt)
        .filter(t -> !t.isBefore(since))
        .min(Instant::compareTo);
  }

  /** Lets time pass for the scenario's random timing (a bounded wait, no sleep). */
  static void pause(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
  }

  private static boolean awaitQuietly(
      java.util.concurrent.Callable<Boolean> condition, Duration bound) {
    try {
      await().atMost(bound).pollInterval(Duration.ofMillis(100)).until(condition);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  private static String list(List<Duration> durations) {
    return durations.stream().map(CheckResult::seconds).toList().toString().replace(" ", "");
  }
}
