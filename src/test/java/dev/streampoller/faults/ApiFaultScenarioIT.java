package dev.streampoller.faults;

import static dev.streampoller.faults.PostgresRestartScenarioIT.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.Fault;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hostile API under load: 429 storms with {@code Retry-After}, 5xx runs, answers slower than
 * {@code cloudflare.response-timeout}, malformed JSON, HTML error pages, oversized bodies (tens of
 * MiB, with and without a length), connection resets, truncated bodies and a body that never ends,
 * injected in a seeded random order while videos build. Nothing may be lost: every fault is
 * retried, and every daemon still stops cleanly.
 *
 * <p>Not injected: a 429 without {@code Retry-After} pauses the account for 5 minutes by design
 * ({@code PollCycle.DEFAULT_RATE_LIMIT_PAUSE}), longer than this suite may run.
 */
@ExtendWith(PostgresExtension.class)
class ApiFaultScenarioIT {

  @Test
  void shouldLoseNothingWhenTheApiMisbehaves(DataSource dataSource) throws Exception {
    String scenario = "api-faults";
    long seed = FaultSettings.seed(scenario);
    int rounds = FaultSettings.pick(2, 4);
    int oversizedMb = FaultSettings.pick(12, 40);
    try (FaultWorld world =
        FaultWorld.start(
            FaultWorld.options(scenario, seed, dataSource, PostgresExtension.jdbcUrl()))) {
      world.startDaemons(1);
      world.awaitRunning(Duration.ofSeconds(60));
      String oversized = "{\"result\":{},\"padding\":\"" + "x".repeat(oversizedMb << 20) + "\"}";
      List<Fault> menu =
          List.of(
              Fault.rateLimited(Duration.ofSeconds(1)).times(5),
              Fault.serverError(503).times(8),
              Fault.serverError(500).times(4),
              Fault.latency(Duration.ofSeconds(5)).times(3),
              Fault.malformedJson().times(3),
              Fault.htmlBody(502).times(3),
              Fault.rawBody(200, "application/json", oversized).times(2),
              Fault.oversizedBody(oversizedMb).times(2),
              Fault.connectionReset().times(3),
              Fault.truncatedBody().times(3),
              // A body that never ends: only an overall request deadline frees the poll thread.
              Fault.trickle(Duration.ofMillis(200)).times(2));
      List<String> injected = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        world.addVideos(4 + world.random().nextInt(4));
        List<Fault> order = new ArrayList<>(menu);
        java.util.Collections.shuffle(order, world.random());
        for (Fault fault : order) {
          world.simulator().enqueueFault(fault);
          injected.add(fault.kind() + "x" + fault.times());
          pause(Duration.ofMillis(300 + world.random().nextInt(700)));
        }
      }
      boolean settled = world.awaitSettled(Duration.ofSeconds(FaultSettings.pick(60, 120)));
      Map<String, String> figures = new LinkedHashMap<>();
      figures.put("rounds", Integer.toString(rounds));
      figures.put("faultsInjected", Integer.toString(injected.size()));
      figures.put("oversizedMiB", Integer.toString(oversizedMb));
      figures.put("settled", Boolean.toString(settled));
      CheckResult result = world.check(figures);
      List<Integer> stopCodes = world.stopDaemons(Duration.ofSeconds(30));

      assertThat(result.missedTargets()).as(result.summaryLine()).isEmpty();
      assertThat(stopCodes).as("SIGTERM exit codes").allMatch(code -> code == 0);
    }
  }
}
