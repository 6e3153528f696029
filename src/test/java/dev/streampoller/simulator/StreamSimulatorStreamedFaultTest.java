package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faults the simulator streams or breaks off, seen by a real HTTP client. */
class StreamSimulatorStreamedFaultTest {
  private static final String TOKEN = "tok";
  private static final String PATH = "/accounts/acc/stream/uid1/downloads";

  private final HttpClient http = HttpClient.newHttpClient();
  private StreamSimulator simulator;

  @BeforeEach
  void start() {
    simulator = StreamSimulator.start(SimulatorOptions.builder().apiToken(TOKEN).build());
    simulator.addVideo("acc", "uid1", List.of(ScriptedDownload.ready("default", Duration.ZERO)));
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private HttpResponse<InputStream> open() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + PATH))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(30))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private RequestLog.Entry onlyEntry() {
    assertThat(simulator.requestLog().entries()).hasSize(1);
    return simulator.requestLog().entries().get(0);
  }

  @Test
  void shouldTrickleABodyThatNeverEndsUntilTheClientLeaves() throws Exception {
    simulator.enqueueFault(Fault.trickle(Duration.ofMillis(20)));

    HttpResponse<InputStream> response = open();
    byte[] first = response.body().readNBytes(5);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(first)).isEqualTo("{    ");
    assertThat(onlyEntry().endedAt()).as("still being answered").isNull();

    response.body().close();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(onlyEntry().endedAt()).isNotNull());
    assertThat(onlyEntry().bodyBytes()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void shouldStreamAnOversizedBodyOfTheGivenSize() throws Exception {
    simulator.enqueueFault(Fault.oversizedBody(3));

    HttpResponse<InputStream> response = open();
    long read;
    try (InputStream body = response.body()) {
      read = body.transferTo(OutputStreamSink.INSTANCE);
    }

    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    assertThat(read).isEqualTo(3L << 20);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(onlyEntry().bodyBytes()).isEqualTo(3L << 20));
  }

  @Test
  void shouldDropTheConnectionMidAnswer() throws Exception {
    simulator.enqueueFault(Fault.connectionReset());

    HttpResponse<InputStream> response = open();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(onlyEntry().endedAt()).isNotNull());
  }

  @Test
  void shouldSendLessThanTheContentLengthItPromised() throws Exception {
    simulator.enqueueFault(Fault.truncatedBody());

    HttpResponse<InputStream> response = open();
    long promised = Long.parseLong(response.headers().firstValue("Content-Length").orElseThrow());

    assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(onlyEntry().bodyBytes()).isPositive().isLessThan(promised));
  }

  @Test
  void shouldRecordWhenANormalAnswerEnded() throws Exception {
    HttpResponse<InputStream> response = open();
    byte[] body = response.body().readAllBytes();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              RequestLog.Entry entry = onlyEntry();
              assertThat(entry.endedAt()).isNotNull().isAfterOrEqualTo(entry.at());
              assertThat(entry.bodyBytes()).isEqualTo(body.length);
            });
  }

  @Test
  void shouldApplyAStreamedFaultOnlyToItsVideo() throws Exception {
    simulator.addVideo("acc", "uid2", List.of());
    simulator.enqueueFault(Fault.truncatedBody().forVideo("uid2"));

    HttpResponse<InputStream> response = open();

    assertThat(response.body().readAllBytes()).isNotEmpty();
  }

  /** Counts and discards. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
