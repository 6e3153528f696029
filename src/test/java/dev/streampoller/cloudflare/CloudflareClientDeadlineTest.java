package dev.streampoller.cloudflare;

import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.ACCOUNT;
import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.TOKEN;
import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.UID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streampoller.cloudflare.ListDownloadsResult.Downloads;
import dev.streampoller.cloudflare.ListDownloadsResult.Failed;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Answers that never end, are too large or break off: each is a failure with a clear reason, within
 * the request's overall deadline, and the client stays usable.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloudflareClientDeadlineTest {
  /** Per read: far longer than the trickle's interval, so only the overall deadline can end it. */
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private StreamSimulator simulator;
  private CloudflareClient client;

  @BeforeEach
  void start() {
    simulator = StreamSimulator.start(SimulatorOptions.builder().apiToken(TOKEN).build());
    simulator.addVideo(
        ACCOUNT, UID, List.of(ScriptedDownload.ready("default", Duration.ofMinutes(1))));
    client =
        new CloudflareClient(
            simulator.baseUrl(),
            new CloudflareCredential.ApiToken(Secret.of(TOKEN)),
            CONNECT_TIMEOUT,
            RESPONSE_TIMEOUT,
            "test",
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private RequestLog.Entry onlyEntry() {
    assertThat(simulator.requestLog().entries()).hasSize(1);
    return simulator.requestLog().entries().get(0);
  }

  @Test
  void shouldGiveUpOnAnAnswerThatTrickles() {
    simulator.enqueueFault(Fault.trickle(Duration.ofMillis(50)));

    long started = System.nanoTime();
    ListDownloadsResult result = client.listDownloads(ACCOUNT, UID);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result).isInstanceOf(Failed.class);
    assertThat(((Failed) result).detail()).isEqualTo("no complete answer within PT3S");
    // Bounded, not timed: without the deadline the trickle never ends.
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(onlyEntry().endedAt()).as("connection closed").isNotNull());
  }

  @Test
  void shouldHonourAShorterLimitGivenByTheCaller() {
    simulator.enqueueFault(Fault.trickle(Duration.ofMillis(50)));

    ListDownloadsResult result = client.listDownloads(ACCOUNT, UID, Duration.ofMillis(500));

    assertThat(((Failed) result).detail()).isEqualTo("no complete answer within PT0.5S");
  }

  @Test
  void shouldStayUsableAfterAnAbortedRequest() {
    simulator.enqueueFault(Fault.trickle(Duration.ofMillis(50)));
    assertThat(client.listDownloads(ACCOUNT, UID, Duration.ofMillis(300)))
        .isInstanceOf(Failed.class);

    assertThat(client.listDownloads(ACCOUNT, UID)).isInstanceOf(Downloads.class);
  }

  @Test
  void shouldReportAnOversizedAnswerAsTooLargeWithoutReadingIt() {
    simulator.enqueueFault(Fault.oversizedBody(50));

    ListDownloadsResult result = client.listDownloads(ACCOUNT, UID);

    assertThat(((Failed) result).detail())
        .isEqualTo("HTTP 200: answer too large (more than 1048576 bytes)");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(onlyEntry().endedAt()).isNotNull());
    // Socket buffers take a few MB; draining would have sent all 50.
    assertThat(onlyEntry().bodyBytes()).isLessThan(20L << 20);
  }

  @Test
  void shouldRefuseADeclaredLengthAboveTheLimitBeforeReading() {
    try (HttpTransport small =
        new HttpTransport(
            new CloudflareCredential.ApiToken(Secret.of(TOKEN)),
            CONNECT_TIMEOUT,
            RESPONSE_TIMEOUT,
            "test",
            Clock.systemUTC(),
            16)) {
      HttpTransport.Exchange exchange =
          small.execute(
              new org.apache.hc.client5.http.classic.methods.HttpGet(
                  simulator.baseUrl() + "/accounts/" + ACCOUNT + "/stream/" + UID + "/downloads"));

      assertThat(exchange.response()).isEmpty();
      assertThat(exchange.failure()).isEqualTo("HTTP 200: answer too large (more than 16 bytes)");
    }
  }

  @Test
  void shouldReportABodyCutShortAsAFailure() {
    simulator.enqueueFault(Fault.truncatedBody());

    ListDownloadsResult result = client.listDownloads(ACCOUNT, UID);

    assertThat(((Failed) result).detail()).startsWith("connection closed mid-answer: ");
  }

  @Test
  void shouldReportAConnectionDroppedMidAnswerAsAFailure() {
    simulator.enqueueFault(Fault.connectionReset());

    ListDownloadsResult result = client.listDownloads(ACCOUNT, UID);

    assertThat(result).isInstanceOf(Failed.class);
    assertThat(((Failed) result).detail()).isNotBlank().doesNotContain(TOKEN);
  }

  @Test
  void shouldAbortARequestInFlightWhenAskedTo() throws Exception {
    client.close();
    // A deadline far beyond the test's bound: only the abort can end the trickle in time.
    client =
        new CloudflareClient(
            simulator.baseUrl(),
            new CloudflareCredential.ApiToken(Secret.of(TOKEN)),
            CONNECT_TIMEOUT,
            Duration.ofMinutes(5),
            "test",
            Clock.systemUTC());
    simulator.enqueueFault(Fault.trickle(Duration.ofMillis(50)));
    CompletableFuture<ListDownloadsResult> inFlight =
        CompletableFuture.supplyAsync(() -> client.listDownloads(ACCOUNT, UID));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> simulator.requestLog().total() == 1 && onlyEntry().endedAt() == null);

    client.abortInFlight(Duration.ZERO);

    ListDownloadsResult result = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(((Failed) result).detail()).isEqualTo("aborted: the client is stopping");
  }
}
