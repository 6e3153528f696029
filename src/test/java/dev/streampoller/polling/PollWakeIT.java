package dev.streampoller.polling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the poll loop wakes next ({@link PollCycle#untilNextWake()}): at the moment its next claim
 * can succeed, from the rows and the budget, with the injected clock standing still.
 */
@ExtendWith(PostgresExtension.class)
class PollWakeIT {
  private final LoopFixture f = new LoopFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void shouldWakeWhenTheJustPolledVideoIsClaimableAgain() {
    f.simulator.addVideo(
        LoopFixture.ACCOUNT,
        "vid1",
        List.of(ScriptedDownload.ready("default", Duration.ofMinutes(10))));
    f.track("vid1");
    PollCycle cycle = f.cycle("worker-1");

    assertThat(cycle.runOnce()).isEqualTo(1);

    // Polled just now and still in progress: claimable again (work conservation) after the
    // minimum interval, well before a 1 s tick would have to come round twice.
    assertThat(cycle.untilNextWake()).contains(LoopFixture.MIN);
  }

  @Test
  void shouldNotWakeEarlyWhenNothingIsTracked() {
    PollCycle cycle = f.cycle("worker-1");

    cycle.runOnce();

    assertThat(cycle.untilNextWake()).isEmpty();
  }
}
