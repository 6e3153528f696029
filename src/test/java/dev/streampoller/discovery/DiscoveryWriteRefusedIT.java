package dev.streampoller.discovery;

import static dev.streampoller.discovery.DiscoveryFixture.INTERVAL;
import static dev.streampoller.discovery.DiscoveryFixture.autoTrack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.simulator.Fault;
import dev.streampoller.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A create request refused with 403 right after the list call answered: the token reads (polls need
 * no more) but may not write. Discovery records it and backs off; the credential's polls are not
 * paused. A refused list call is the credential's problem and pauses them, as a poll's would.
 */
@ExtendWith(PostgresExtension.class)
class DiscoveryWriteRefusedIT {
  private final DiscoveryFixture f = new DiscoveryFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private final AccountConfig.AutoTrack mp4 = autoTrack(List.of("default"), Optional.empty());

  private long pauses() {
    return f.count(
        "SELECT count(*) FROM cloudflare_account WHERE paused_until > '" + f.clock.instant() + "'");
  }

  @Test
  void shouldBackOffWithoutPausingPollsWhenOnlyTheCreateIsRefused() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    String cursor = f.text("SELECT cursor FROM discovery_status");
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 1);
    f.clock.advance(INTERVAL);
    f.simulator.enqueueFault(
        Fault.cloudflareError(403, 10000, "Authentication error").forVideo("v0"));

    assertThat(round.runOnce()).isZero();
    assertThat(pauses()).isZero();
    assertThat(f.text("SELECT last_error FROM discovery_status"))
        .contains("create default of v0")
        .contains("Stream Write");
    assertThat(f.count("SELECT consecutive_failures FROM discovery_status")).isEqualTo(1);
    assertThat(f.text("SELECT cursor FROM discovery_status")).isEqualTo(cursor);

    f.clock.advance(INTERVAL);
    assertThat(round.runOnce()).isEqualTo(1);
  }

  @Test
  void shouldGoPastAVideoWhoseCreateIsRefusedAndRetryItInTheLookBack() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    f.clock.advance(Duration.ofSeconds(1));
    f.upload("v", 2);
    f.clock.advance(INTERVAL);
    // v0's create is refused (a 4xx about the request, not the credential) for a while.
    f.simulator.enqueueFault(
        Fault.cloudflareError(400, 10011, "Downloads unavailable").forVideo("v0").times(3));

    // Before, the round stopped at v0 with backoff, every round, and v1 was never tracked.
    assertThat(round.runOnce()).isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE video_uid = 'v1'")).isEqualTo(1);
    assertThat(f.text("SELECT last_error FROM discovery_status"))
        .contains("create default of v0")
        .contains("Downloads unavailable");
    assertThat(f.count("SELECT consecutive_failures FROM discovery_status")).isZero();
    assertThat(pauses()).isZero();

    // The look-back lists v0 again each round; once its create is accepted, it is tracked.
    for (int i = 0; i < 5 && f.count("SELECT count(*) FROM tracked_video") < 2; i++) {
      f.clock.advance(INTERVAL);
      round.runOnce();
    }
    assertThat(f.count("SELECT count(*) FROM tracked_video WHERE video_uid = 'v0'")).isEqualTo(1);
  }

  @Test
  void shouldPauseTheCredentialWhenTheListCallIsRefused() {
    DiscoveryRound round = f.round("i1", mp4);
    round.runOnce();
    f.clock.advance(INTERVAL);
    f.simulator.enqueueFault(Fault.cloudflareError(403, 10000, "Authentication error"));

    assertThat(round.runOnce()).isZero();
    assertThat(pauses()).isEqualTo(1);
    assertThat(f.text("SELECT pause_reason FROM cloudflare_account WHERE account_id = 'acc1'"))
        .isEqualTo("credential_rejected");
  }
}
