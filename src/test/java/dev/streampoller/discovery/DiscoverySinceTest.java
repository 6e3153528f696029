package dev.streampoller.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The warning that auto-track.since changed: only for a real change, not for precision. */
class DiscoverySinceTest {

  @Test
  void shouldSeeTheSameSinceInANanosecondTimeStoredToTheMicrosecond() {
    Instant stored = Instant.parse("2026-12-01T05:08:58.559154Z");
    assertThat(DiscoveryRound.sinceDiffers(Instant.parse("2026-12-01T05:08:58.559154291Z"), stored))
        .isFalse();
    assertThat(DiscoveryRound.sinceDiffers(stored, stored)).isFalse();
    assertThat(DiscoveryRound.sinceDiffers(Instant.parse("2026-01-01T00:00:00Z"), stored)).isTrue();
  }
}
