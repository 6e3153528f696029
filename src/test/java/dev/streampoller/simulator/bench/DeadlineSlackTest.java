package dev.streampoller.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The age guarantee's earliest-deadline-first bound, against a direct count. */
class DeadlineSlackTest {
  @Test
  void shouldFreeEveryTokenWhileNoDeadlineIsNear() {
    DeadlineSlack slack = new DeadlineSlack(1);
    slack.add(1, 0);
    slack.add(2, 0);

    // Cap 100 s: both are reached long before.
    assertThat(slack.freeTokens(0, 100, 3)).isEqualTo(3);
  }

  @Test
  void shouldForceTheOldestWhenTheQueueNeedsEveryToken() {
    DeadlineSlack slack = new DeadlineSlack(0.1);
    for (int id = 1; id <= 5; id++) {
      slack.add(id, 0);
    }

    // Cap 91 s, now 85 s: 6 s left, and the fifth is reached 40 s after now even with no token
    // spent elsewhere.
    assertThat(slack.freeTokens(85, 91, 1)).isZero();
    // At 40 s: the fifth is reached at 80 s, 90 s after one token spent first: 91 s holds.
    assertThat(slack.freeTokens(40, 91, 1)).isEqualTo(1);
  }

  @Test
  void shouldMoveLaterVideosUpWhenOneLeaves() {
    DeadlineSlack slack = new DeadlineSlack(1);
    slack.add(1, 0);
    slack.add(2, 0);
    slack.add(3, 0);
    // Cap 3 s at 0 s, one token: the third is reached at 2 s, 3 s after a token elsewhere.
    assertThat(slack.freeTokens(0, 3, 1)).isEqualTo(1);

    slack.remove(1);
    slack.add(1, 1);

    // Polled: the others are reached at 0 s and 1 s, 2 s and 3 s after two tokens elsewhere.
    assertThat(slack.freeTokens(1, 3, 1)).isEqualTo(1);
    assertThat(slack.size()).isEqualTo(3);
  }

  @Test
  void shouldMatchADirectCountOverRandomTracksAndPolls() {
    SplittableRandom random = new SplittableRandom(42);
    double rate = 0.37;
    DeadlineSlack slack = new DeadlineSlack(rate);
    Map<Integer, Double> in = new LinkedHashMap<>();
    double now = 0;
    int nextId = 0;
    // Enough changes to rebuild the tree (1,024 slots) several times.
    for (int step = 0; step < 6_000; step++) {
      now += random.nextDouble() * 3;
      if (in.isEmpty() || random.nextInt(3) == 0) {
        slack.add(nextId, now);
        in.put(nextId++, now);
      } else {
        List<Integer> ids = new ArrayList<>(in.keySet());
        int id = ids.get(random.nextInt(ids.size()));
        slack.remove(id);
        in.remove(id);
        if (random.nextBoolean()) {
          slack.add(id, now);
          in.put(id, now);
        }
      }
      double cap = 1 + random.nextDouble() * in.size() / rate;
      int whole = 1 + random.nextInt(5);

      assertThat(slack.freeTokens(now, cap, whole))
          .as("step %d", step)
          .isEqualTo(directCount(in, rate, now, cap, whole));
    }
  }

  // The most tokens j spent elsewhere first with every video, oldest first, still within its cap,
  // counting the tokens in hand as if they had come at the rate (the k-th token of the queue at
  // now + (k + j - whole) / rate): a video already past its deadline leaves none free.
  private static int directCount(
      Map<Integer, Double> in, double rate, double now, double cap, int whole) {
    List<Double> origins = new ArrayList<>(in.values());
    origins.sort(null);
    for (int j = whole; j > 0; j--) {
      boolean holds = true;
      for (int k = 1; k <= origins.size(); k++) {
        if (now + (double) (k + j - whole) / rate > origins.get(k - 1) + cap + 1e-9) {
          holds = false;
          break;
        }
      }
      if (holds) {
        return j;
      }
    }
    return 0;
  }

  @Test
  void shouldRefuseOriginsThatGoBackAndUnknownVideos() {
    DeadlineSlack slack = new DeadlineSlack(1);
    slack.add(1, 10);

    assertThatThrownBy(() -> slack.add(2, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> slack.add(1, 20)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> slack.remove(7)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new DeadlineSlack(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
