package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampoller.simulator.ScriptedDownload.ProgressShape;
import dev.streampoller.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamSimulatorDownloadsTest {
  private static final String TOKEN = "cfut_sim-token";
  private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final String UID = "ea95132c15732412d22c1476fa83f27a";
  private static final String PATH = "/accounts/" + ACCOUNT + "/stream/" + UID + "/downloads";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StreamSimulator simulator;
  private SimClient client;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder().clock(clock).apiToken(TOKEN).account(ACCOUNT).build());
    client = new SimClient(simulator.baseUrl());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private JsonNode result() {
    HttpResponse<String> response = client.getWithToken(PATH, TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = SimClient.json(response);
    assertThat(body.get("success").asBoolean()).isTrue();
    return body.get("result");
  }

  @Test
  void shouldReportLinearProgressComputedFromTheClock() {
    simulator.addVideo(
        ACCOUNT, UID, List.of(ScriptedDownload.ready("default", Duration.ofSeconds(100))));
    clock.advance(Duration.ofSeconds(25));

    JsonNode download = result().get("default");

    assertThat(download.get("status").asText()).isEqualTo("inprogress");
    assertThat(download.get("percentComplete").asDouble()).isEqualTo(25.0);
    assertThat(download.get("url").asText())
        .isEqualTo("https://sim.videodelivery.net/" + UID + "/downloads/default.mp4");
  }

  @Test
  void shouldBeReadyAtTheScriptedPollWhateverTheClock() {
    simulator.addVideoReadyAfterPolls(ACCOUNT, UID, "default", 3);

    assertThat(result().get("default").get("status").asText()).isEqualTo("inprogress");
    assertThat(result().get("default").get("percentComplete").asDouble()).isEqualTo(66.0);
    JsonNode third = result().get("default");
    assertThat(third.get("status").asText()).isEqualTo("ready");
    assertThat(third.get("percentComplete").asDouble()).isEqualTo(100.0);
    assertThat(result().get("default").get("status").asText()).isEqualTo("ready");
  }

  @Test
  void shouldBeReadyWithFullProgressOnceBuilt() {
    simulator.addVideo(
        ACCOUNT, UID, List.of(ScriptedDownload.ready("audio", Duration.ofSeconds(100))));
    clock.advance(Duration.ofSeconds(100));

    JsonNode download = result().get("audio");

    assertThat(download.get("status").asText()).isEqualTo("ready");
    assertThat(download.get("percentComplete").asDouble()).isEqualTo(100.0);
    assertThat(download.get("url").asText()).endsWith("/downloads/audio.m4a");
  }

  @Test
  void shouldFailAtTheScriptedPercent() {
    simulator.addVideo(
        ACCOUNT, UID, List.of(ScriptedDownload.error("default", Duration.ofSeconds(100), 40.0)));
    clock.advance(Duration.ofSeconds(39));
    assertThat(result().get("default").get("status").asText()).isEqualTo("inprogress");

    clock.advance(Duration.ofSeconds(1));
    JsonNode download = result().get("default");

    assertThat(download.get("status").asText()).isEqualTo("error");
    assertThat(download.get("percentComplete").asDouble()).isEqualTo(40.0);
  }

  @Test
  void shouldAnswerEmptyResultForVideoWithoutDownloads() {
    simulator.addVideo(ACCOUNT, UID, List.of());

    assertThat(result().isObject()).isTrue();
    assertThat(result().size()).isZero();
  }

  @Test
  void shouldShowDownloadOnlyAfterItsCreationOffset() {
    simulator.addVideo(
        ACCOUNT,
        UID,
        List.of(
            ScriptedDownload.ready("default", Duration.ofSeconds(10)),
            ScriptedDownload.ready("audio", Duration.ofSeconds(10))
                .withCreationOffset(Duration.ofSeconds(30))));
    clock.advance(Duration.ofSeconds(29));
    assertThat(result().has("audio")).isFalse();

    clock.advance(Duration.ofSeconds(1));

    assertThat(result().get("audio").get("status").asText()).isEqualTo("inprogress");
  }

  @Test
  void shouldKeepAnyDownloadType() {
    simulator.addVideo(
        ACCOUNT, UID, List.of(ScriptedDownload.ready("hdr-4k", Duration.ofSeconds(10))));

    assertThat(result().has("hdr-4k")).isTrue();
  }

  @Test
  void shouldMoveInQuartersWithStepsShape() {
    simulator.addVideo(
        ACCOUNT,
        UID,
        List.of(
            ScriptedDownload.ready("default", Duration.ofSeconds(100))
                .withShape(ProgressShape.STEPS)));
    clock.advance(Duration.ofSeconds(60));

    assertThat(result().get("default").get("percentComplete").asDouble()).isEqualTo(50.0);
  }

  @Test
  void shouldStayAtZeroUntilDoneWithStallShape() {
    simulator.addVideo(
        ACCOUNT,
        UID,
        List.of(
            ScriptedDownload.ready("default", Duration.ofSeconds(100))
                .withShape(ProgressShape.STALL_THEN_JUMP)));
    clock.advance(Duration.ofSeconds(99));
    assertThat(result().get("default").get("percentComplete").asDouble()).isZero();

    clock.advance(Duration.ofSeconds(1));

    assertThat(result().get("default").get("percentComplete").asDouble()).isEqualTo(100.0);
  }

  @Test
  void shouldGiveTheSameNoisyProgressForTheSameSeedAndTime() {
    ScriptedDownload noisy =
        ScriptedDownload.ready("default", Duration.ofSeconds(100)).withNoise(7L);
    simulator.addVideo(ACCOUNT, UID, List.of(noisy));
    clock.advance(Duration.ofSeconds(50));

    double first = result().get("default").get("percentComplete").asDouble();

    assertThat(result().get("default").get("percentComplete").asDouble()).isEqualTo(first);
    assertThat(first).isBetween(47.0, 53.0).isNotEqualTo(50.0);
  }

  @Test
  void shouldReportAnOverriddenUnknownStatusVerbatim() {
    simulator.addVideo(
        ACCOUNT, UID, List.of(ScriptedDownload.ready("default", Duration.ofSeconds(100))));

    simulator.overrideStatus(ACCOUNT, UID, "default", "queued");

    assertThat(result().get("default").get("status").asText()).isEqualTo("queued");
  }

  @Test
  void shouldAnswer404WithVideoNotFoundForUnknownAndRemovedVideos() {
    simulator.addVideo(ACCOUNT, UID, List.of());
    simulator.removeVideo(ACCOUNT, UID);

    HttpResponse<String> response = client.getWithToken(PATH, TOKEN);

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = SimClient.json(response);
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(10005);
  }

  @Test
  void shouldCreateADownloadWithPost() {
    simulator.addVideo(ACCOUNT, UID, List.of());

    HttpResponse<String> created =
        client.send(
            "POST", PATH + "/audio", Duration.ofSeconds(10), "Authorization", "Bearer " + TOKEN);

    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(SimClient.json(created).get("result").get("audio").get("status").asText())
        .isEqualTo("inprogress");
    clock.advance(SimulatorOptions.DEFAULT_BUILD_DURATION);
    assertThat(result().get("audio").get("status").asText()).isEqualTo("ready");
  }

  @Test
  void shouldCreateTheDefaultDownloadWithPostWithoutType() {
    simulator.addVideo(ACCOUNT, UID, List.of());

    client.send("POST", PATH, Duration.ofSeconds(10), "Authorization", "Bearer " + TOKEN);

    assertThat(result().has("default")).isTrue();
  }
}
