package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.testing.MutableClock;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static RequestLog logAt(long... seconds) {
    RequestLog log = new RequestLog();
    for (long s : seconds) {
      log.record(new RequestLog.Entry(T0.plusSeconds(s), "GET", "/x", "acc", "uid"));
    }
    return log;
  }

  @Test
  void shouldFindTheBusiestWindow() {
    RequestLog log = logAt(0, 100, 290, 299, 301, 700);

    assertThat(log.maxRequestsInAnyWindow(Duration.ofMinutes(5))).isEqualTo(4);
  }

  @Test
  void shouldTreatTheWindowAsHalfOpen() {
    RequestLog log = logAt(0, 300);

    assertThat(log.maxRequestsInAnyWindow(Duration.ofMinutes(5))).isEqualTo(1);
  }

  private static RequestLog.Entry span(String uid, long from, Long to) {
    return new RequestLog.Entry(
        T0.plusSeconds(from), "GET", "/x", "acc", uid, to == null ? null : T0.plusSeconds(to), 0);
  }

  @Test
  void shouldReportRequestsForOneVideoThatWereOpenAtOnce() {
    RequestLog log = new RequestLog();
    RequestLog.Entry first = span("u1", 0, 10L);
    RequestLog.Entry second = span("u1", 5, 6L);
    log.record(first);
    log.record(second);
    log.record(span("u1", 10, 12L));
    log.record(span("u2", 0, 20L));

    assertThat(log.overlaps()).containsExactly(new RequestLog.Overlap(first, second));
  }

  @Test
  void shouldTreatAnUnfinishedRequestAsStillOpen() {
    RequestLog log = new RequestLog();
    RequestLog.Entry open = new RequestLog.Entry(T0, "GET", "/x", "acc", "u1");
    log.record(open);
    log.record(span("u1", 100, 101L));

    assertThat(log.overlaps()).hasSize(1);

    log.finish(open, T0.plusSeconds(50), 7);

    assertThat(log.overlaps()).isEmpty();
    assertThat(log.entries().get(0).endedAt()).isEqualTo(T0.plusSeconds(50));
    assertThat(log.entries().get(0).bodyBytes()).isEqualTo(7);
  }

  @Test
  void shouldAnswerZeroForNoRequests() {
    assertThat(new RequestLog().maxRequestsInAnyWindow(Duration.ofSeconds(1))).isZero();
  }

  @Test
  void shouldCountRequestsPerAccountAndVideoThroughTheServer() {
    MutableClock clock = new MutableClock(T0);
    try (StreamSimulator simulator =
        StreamSimulator.start(SimulatorOptions.builder().clock(clock).apiToken("t").build())) {
      simulator.addVideo("a1", "u1", List.of());
      simulator.addVideo("a2", "u2", List.of());
      SimClient client = new SimClient(simulator.baseUrl());
      client.getWithToken("/accounts/a1/stream/u1/downloads", "t");
      clock.advance(Duration.ofSeconds(1));
      client.getWithToken("/accounts/a1/stream/u1/downloads", "t");
      client.getWithToken("/accounts/a2/stream/u2/downloads", "t");

      assertThat(simulator.totalRequests()).isEqualTo(3);
      assertThat(simulator.requestsForAccount("a1")).isEqualTo(2);
      assertThat(simulator.requestsForVideo("u2")).isEqualTo(1);
      assertThat(simulator.requestTimes())
          .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(1));

      simulator.resetRequestLog();
      assertThat(simulator.totalRequests()).isZero();
    }
  }

  @Test
  void shouldStopListeningOnCloseAndAllowASecondClose() {
    StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.builder().build());
    SimClient client = new SimClient(simulator.baseUrl());

    simulator.close();
    simulator.close();

    assertThatThrownBy(() -> client.get("/user")).isInstanceOf(UncheckedIOException.class);
  }
}
