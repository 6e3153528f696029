package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.WebhookRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several instances (poll cycles with their own owner ids, as separate processes would have) share
 * one credential's budget through PostgreSQL, in virtual time against the simulator.
 */
@ExtendWith(PostgresExtension.class)
class SharedBudgetIT {
  private static final int BUDGET = 60;
  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private PollCycle instance(String owner, int budget) {
    return cycle(
        owner,
        List.of(new PolledAccount(LoopFixture.ACCOUNT, f.client, "token:shared", budget)),
        f.routes());
  }

  private PollCycle cycle(String owner, List<PolledAccount> accounts, WebhookRoutes routes) {
    return new PollCycle(
        f.database,
        accounts,
        routes,
        f.clock,
        new PollCycle.Settings(
            owner,
            new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1)),
            10,
            LoopFixture.LEASE,
            Duration.ofSeconds(1),
            1),
        () -> {},
        new SimpleMeterRegistry());
  }

  private void trackVideos(int count, Duration buildTime) {
    for (int i = 0; i < count; i++) {
      f.simulator.addVideo(
          LoopFixture.ACCOUNT, "vid" + i, List.of(ScriptedDownload.ready("default", buildTime)));
      f.track("vid" + i);
    }
  }

  @Test
  void shouldKeepThreeInstancesTogetherWithinTheBudgetInEveryFiveMinuteWindow() {
    trackVideos(200, Duration.ofMinutes(3));
    List<PollCycle> instances =
        List.of(instance("a", BUDGET), instance("b", BUDGET), instance("c", BUDGET));

    for (int second = 0; second < 20 * 60; second++) {
      instances.forEach(PollCycle::runOnce);
      f.clock.advance(Duration.ofSeconds(1));
    }

    assertThat(f.simulator.maxRequestsInAnyWindow(Duration.ofMinutes(5)))
        .isLessThanOrEqualTo(BUDGET);
    assertThat(f.simulator.totalRequests())
        .as("20 minutes of a busy budget are used, not idled away")
        .isGreaterThan(BUDGET * 3);
  }

  @Test
  void shouldPollEveryAccountOfOneCredentialWithinItsOneBudget() {
    for (int i = 0; i < 30; i++) {
      f.simulator.addVideo(
          "acc2", "other" + i, List.of(ScriptedDownload.ready("default", Duration.ofMinutes(3))));
    }
    trackVideos(30, Duration.ofMinutes(3));
    for (int i = 0; i < 30; i++) {
      VideoKey key = new VideoKey("acc2", "other" + i);
      f.database.run(c -> f.videos.track(c, key, f.clock.instant()));
    }
    PollCycle both =
        cycle(
            "a",
            List.of(
                new PolledAccount(LoopFixture.ACCOUNT, f.client, "token:shared", BUDGET),
                new PolledAccount("acc2", f.client, "token:shared", BUDGET)),
            WebhookRoutes.none());

    for (int second = 0; second < 10 * 60; second++) {
      both.runOnce();
      f.clock.advance(Duration.ofSeconds(1));
    }

    assertThat(f.simulator.maxRequestsInAnyWindow(Duration.ofMinutes(5)))
        .isLessThanOrEqualTo(BUDGET);
    assertThat(f.simulator.requestsForAccount("acc2")).isPositive();
    assertThat(f.simulator.requestsForAccount(LoopFixture.ACCOUNT)).isPositive();
  }

  @Test
  void shouldLoseNoVideoWhenAnInstanceDiesHoldingClaims() {
    trackVideos(10, Duration.ofSeconds(30));
    // Instance c claims every due video, then is killed: it never polls or releases them.
    f.claim("c/1");
    PollCycle a = instance("a", 1200);
    PollCycle b = instance("b", 1200);

    for (int second = 0; second < 10 * 60; second++) {
      a.runOnce();
      b.runOnce();
      f.clock.advance(Duration.ofSeconds(1));
    }

    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE end_reason = 'done'"))
        .isEqualTo(10);
    assertThat(f.count("SELECT count(*) FROM webhook_delivery")).isEqualTo(10);
  }

  @Test
  void shouldStopEveryInstanceOnceOneOfThemIsRateLimited() {
    trackVideos(6, Duration.ofMinutes(10));
    PollCycle a = instance("a", 1200);
    PollCycle b = instance("b", 1200);
    a.runOnce();
    f.clock.advance(Duration.ofSeconds(30));
    f.simulator.enqueueFault(dev.streampoller.simulator.Fault.rateLimited(Duration.ofSeconds(90)));
    int before = f.simulator.totalRequests();

    a.runOnce();
    b.runOnce();
    f.clock.advance(Duration.ofSeconds(60));
    a.runOnce();
    b.runOnce();

    assertThat(f.simulator.totalRequests())
        .as("only the request that got the 429")
        .isEqualTo(before + 1);
    f.clock.advance(Duration.ofSeconds(31));
    b.runOnce();
    assertThat(f.simulator.totalRequests()).isGreaterThan(before + 1);
  }

  @Test
  void shouldTightenTheBudgetToWhatTheApiSaysRemains() {
    try (StreamSimulator limited =
            StreamSimulator.start(
                SimulatorOptions.builder()
                    .clock(f.clock)
                    .apiToken(LoopFixture.TOKEN)
                    .account(LoopFixture.ACCOUNT)
                    .rateLimitPerFiveMinutes(20)
                    .rateLimitHeaders(true)
                    .build());
        var client =
            new dev.streampoller.cloudflare.CloudflareClient(
                limited.baseUrl(),
                new dev.streampoller.config.CloudflareCredential.ApiToken(
                    dev.streampoller.config.Secret.of(LoopFixture.TOKEN)),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                "test",
                f.clock)) {
      limited.addVideo(
          LoopFixture.ACCOUNT,
          "vid1",
          List.of(ScriptedDownload.ready("default", Duration.ofMinutes(5))));
      VideoKey key = f.track("vid1");
      PollCycle cycle =
          cycle(
              "a",
              List.of(new PolledAccount(LoopFixture.ACCOUNT, client, "token:tight", 1200)),
              WebhookRoutes.none());

      cycle.runOnce();

      assertThat(f.video(key).pollCount()).isEqualTo(1);
      // 19 of 20 remain, minus a 5% safety share (1): at most 18 tokens, below the bucket's 30.
      assertThat(
              f.count(
                  "SELECT floor(tokens) FROM request_budget WHERE credential_id = 'token:tight'"))
          .isLessThanOrEqualTo(18);
    }
  }
}
