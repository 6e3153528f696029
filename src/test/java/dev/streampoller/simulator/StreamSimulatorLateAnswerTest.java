package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A late answer (latency fault) and a second request for the same video: the request log says they
 * overlap exactly when the first one's client was still connected. Raw sockets, so the test decides
 * when a client leaves and how (a plain close sends FIN, as most clients do).
 */
class StreamSimulatorLateAnswerTest {
  private static final String TOKEN = "tok";
  private static final String PATH = "/client/v4/accounts/acc/stream/uid1/downloads";
  // Far longer than the test: only a probe can end the first request early.
  private static final Duration LATE = Duration.ofSeconds(120);

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

  private Socket send() throws IOException {
    URI base = simulator.baseUrl();
    Socket socket = new Socket(base.getHost(), base.getPort());
    String request =
        "GET "
            + PATH
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + TOKEN
            + "\r\nConnection: close\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  private List<RequestLog.Entry> entries() {
    return simulator.requestLog().entries();
  }

  private static String readAll(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    try (InputStream in = socket.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldEndALateAnswerWhoseClientLeftBeforeTheNextRequestForItsVideoArrives()
      throws Exception {
    simulator.enqueueFault(Fault.latency(LATE).forVideo("uid1"));
    Socket first = send();
    await().atMost(Duration.ofSeconds(10)).until(() -> entries().size() == 1);

    first.close();
    try (Socket second = send()) {
      assertThat(readAll(second)).startsWith("HTTP/1.1 200");
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(entries().get(1).endedAt()).isNotNull());
    RequestLog.Entry late = entries().get(0);
    assertThat(late.ending()).isEqualTo(RequestLog.Ending.CLIENT_GONE);
    assertThat(late.endedAt()).isBeforeOrEqualTo(entries().get(1).at());
    assertThat(simulator.requestLog().overlaps()).isEmpty();
  }

  @Test
  void shouldCountAnOverlapWhenTheLateAnswersClientIsStillWaiting() throws Exception {
    simulator.enqueueFault(Fault.latency(LATE).forVideo("uid1"));
    Socket first = send();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> entries().size() == 1);

      try (Socket second = send()) {
        assertThat(readAll(second)).startsWith("HTTP/1.1 200");
      }

      assertThat(entries().get(0).endedAt()).as("still held back").isNull();
      assertThat(simulator.requestLog().overlaps()).hasSize(1);
    } finally {
      first.close();
    }
  }

  @Test
  void shouldAnswerALateAnswerInFullWhenNothingCompetes() throws Exception {
    simulator.enqueueFault(Fault.latency(Duration.ofMillis(300)).forVideo("uid1"));

    try (Socket only = send()) {
      assertThat(readAll(only)).startsWith("HTTP/1.1 200").contains("\"status\":\"ready\"");
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(entries().get(0).ending()).isEqualTo(RequestLog.Ending.ANSWERED));
  }
}
