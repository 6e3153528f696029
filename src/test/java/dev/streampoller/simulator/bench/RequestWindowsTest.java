package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestWindowsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldCountRequestsAtBothEndsOfAWindow() {
    long[] times = {0, 100 * SECOND, 300 * SECOND, 301 * SECOND};

    RequestWindows windows = RequestWindows.of(times, 2);

    assertThat(windows.worst()).isEqualTo(3);
    // [0, 300] holds 3 and [100, 400] holds 3; the later windows hold 2 and 1.
    assertThat(windows.overBudget()).isEqualTo(2);
  }

  @Test
  void shouldFindNothingOverBudgetWhenRequestsAreSpreadOut() {
    long[] times = {0, 301 * SECOND, 602 * SECOND};

    assertThat(RequestWindows.of(times, 1)).isEqualTo(new RequestWindows(1, 0));
  }
}
