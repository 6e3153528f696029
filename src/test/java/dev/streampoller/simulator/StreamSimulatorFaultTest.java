package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampoller.testing.MutableClock;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamSimulatorFaultTest {
  private static final String TOKEN = "tok";
  private static final String PATH = "/accounts/acc/stream/uid1/downloads";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StreamSimulator simulator;
  private SimClient client;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder().clock(clock).apiToken(TOKEN).extraFields(true).build());
    simulator.addVideo("acc", "uid1", List.of(ScriptedDownload.ready("default", Duration.ZERO)));
    simulator.addVideo("acc", "uid2", List.of());
    client = new SimClient(simulator.baseUrl());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private HttpResponse<String> get(String path) {
    return client.getWithToken(path, TOKEN);
  }

  @Test
  void shouldServeAJsonServerErrorOnce() {
    simulator.enqueueFault(Fault.serverError(503));

    HttpResponse<String> failed = get(PATH);

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(SimClient.json(failed).get("success").asBoolean()).isFalse();
    assertThat(get(PATH).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeAnHtmlPage() {
    simulator.enqueueFault(Fault.htmlBody(520));

    HttpResponse<String> failed = get(PATH);

    assertThat(failed.statusCode()).isEqualTo(520);
    assertThat(failed.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(failed.body()).startsWith("<!DOCTYPE html>");
  }

  @Test
  void shouldServeTruncatedJsonWith200() {
    simulator.enqueueFault(Fault.malformedJson());

    HttpResponse<String> failed = get(PATH);

    assertThat(failed.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> SimClient.json(failed)).isNotNull();
  }

  @Test
  void shouldServe429WithRetryAfterRoundedUpToSeconds() {
    simulator.enqueueFault(Fault.rateLimited(Duration.ofMillis(1500)));

    HttpResponse<String> failed = get(PATH);

    assertThat(failed.statusCode()).isEqualTo(429);
    assertThat(failed.headers().firstValue("Retry-After")).contains("2");
  }

  @Test
  void shouldServe429WithoutRetryAfter() {
    simulator.enqueueFault(Fault.rateLimitedWithoutRetryAfter());

    HttpResponse<String> failed = get(PATH);

    assertThat(failed.statusCode()).isEqualTo(429);
    assertThat(failed.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void shouldDelayTheAnswerWithLatency() {
    simulator.enqueueFault(Fault.latency(Duration.ofSeconds(5)));

    assertThatThrownBy(
            () ->
                client.send(
                    "GET", PATH, Duration.ofMillis(200), "Authorization", "Bearer " + TOKEN))
        .hasRootCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void shouldRepeatAFaultTheGivenNumberOfTimes() {
    simulator.enqueueFault(Fault.serverError(500).times(2));

    assertThat(get(PATH).statusCode()).isEqualTo(500);
    assertThat(get(PATH).statusCode()).isEqualTo(500);
    assertThat(get(PATH).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldApplyAVideoFaultOnlyToThatVideo() {
    simulator.enqueueFault(Fault.serverError(502).forVideo("uid2"));

    assertThat(get(PATH).statusCode()).isEqualTo(200);
    assertThat(get("/accounts/acc/stream/uid2/downloads").statusCode()).isEqualTo(502);
  }

  @Test
  void shouldApplyFaultsInOrder() {
    simulator.enqueueFault(Fault.serverError(500));
    simulator.enqueueFault(Fault.htmlBody(502));

    assertThat(get(PATH).statusCode()).isEqualTo(500);
    assertThat(get(PATH).statusCode()).isEqualTo(502);
  }

  @Test
  void shouldServeAnyCloudflareError() {
    simulator.enqueueFault(
        Fault.cloudflareError(403, 9109, "Unauthorized to access requested resource"));

    HttpResponse<String> failed = get(PATH);

    assertThat(failed.statusCode()).isEqualTo(403);
    assertThat(SimClient.json(failed).get("errors").get(0).get("code").asInt()).isEqualTo(9109);
  }

  @Test
  void shouldAddUnknownFieldsWhenAsked() {
    JsonNode body = SimClient.json(get(PATH));

    assertThat(body.has("result_info")).isTrue();
    assertThat(body.get("result").get("default").has("x_sim_future")).isTrue();
  }

  @Test
  void shouldServeRandomFaultsAtTheConfiguredRate() {
    try (StreamSimulator always =
        StreamSimulator.start(
            SimulatorOptions.builder().apiToken(TOKEN).randomFaults(1.0, 1L).build())) {
      always.addVideo("acc", "uid1", List.of());
      SimClient other = new SimClient(always.baseUrl());

      int failures = 0;
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> response = other.getWithToken(PATH, TOKEN);
        if (response.statusCode() != 200 || !response.body().endsWith("}")) {
          failures++;
        }
      }

      // Latency faults answer normally, so not every request fails; most do.
      assertThat(failures).isPositive();
    }
  }
}
