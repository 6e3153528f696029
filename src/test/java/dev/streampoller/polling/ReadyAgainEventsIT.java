package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.VideoKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A download whose status goes back ({@code ready} -> {@code inprogress} -> {@code ready}) while
 * another download keeps the video open: what it means for events, and their bound (EventOutbox).
 */
@ExtendWith(PostgresExtension.class)
class ReadyAgainEventsIT {
  private final LoopFixture f = new LoopFixture();
  private PollCycle cycle;
  private VideoKey key;

  @BeforeEach
  void track() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "flap",
        List.of(
            ScriptedDownload.ready("default", Duration.ZERO),
            ScriptedDownload.ready("audio", Duration.ofHours(10))));
    key = f.track("flap");
    cycle = f.cycle("worker-1");
    cycle.runOnce();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private void pollWithStatus(String status) {
    f.simulator.overrideStatus(LoopFixture.ACCOUNT, "flap", "default", status);
    f.clock.advance(LoopFixture.MAX);
    cycle.runOnce();
  }

  private long defaultEvents() {
    return f.count(
        "SELECT count(DISTINCT event_id) FROM webhook_delivery WHERE download_type = 'default'");
  }

  @Test
  void shouldSendNoEventWhenTheStatusGoesBackAndNoneForAReadyAgainWithinTheInterval() {
    assertThat(defaultEvents()).as("first seen ready").isEqualTo(1);

    pollWithStatus("inprogress");
    assertThat(defaultEvents()).as("going back owes no event").isEqualTo(1);
    pollWithStatus(null);

    assertThat(defaultEvents()).as("ready again within the interval: recorded only").isEqualTo(1);
    assertThat(
            f.count(
                "SELECT count(*) FROM download_transition"
                    + " WHERE download_type = 'default' AND to_status = 'ready'"))
        .isEqualTo(2);
    assertThat(f.video(key).isActive()).isTrue();
  }

  @Test
  void shouldSendANewEventWithItsOwnIdAndSequenceForAReadyAgainAfterTheInterval() {
    pollWithStatus("inprogress");
    f.clock.advance(EventOutbox.MIN_EVENT_INTERVAL);
    pollWithStatus(null);

    assertThat(defaultEvents()).isEqualTo(2);
    assertThat(
            f.count(
                "SELECT max((payload -> 'data' ->> 'sequence')::int) FROM webhook_delivery"
                    + " WHERE download_type = 'default'"))
        .as("first seen ready #1, inprogress #2, ready again #3")
        .isEqualTo(3);
  }
}
