package dev.streampoller.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Enqueued faults, first in first out, plus the optional seeded random faults. Thread-safe. */
final class FaultQueue {

  private static final class Pending {
    final Fault fault;
    int remaining;

    Pending(Fault fault) {
      this.fault = fault;
      this.remaining = fault.times();
    }
  }

  private static final List<Fault> RANDOM_FAULTS =
      List.of(
          Fault.serverError(503),
          Fault.htmlBody(502),
          Fault.malformedJson(),
          Fault.latency(Duration.ofMillis(300)));

  private final List<Pending> pending = new ArrayList<>();
  private final double randomRate;
  private final Random random;

  FaultQueue(double randomRate, long seed) {
    this.randomRate = randomRate;
    this.random = new Random(seed);
  }

  synchronized void add(Fault fault) {
    pending.add(new Pending(fault));
  }

  synchronized void clear() {
    pending.clear();
  }

  /** Takes the fault for a request about {@code uid} (null when the path names no video). */
  synchronized Optional<Fault> take(@Nullable String uid) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending next = it.next();
      String only = next.fault.videoUid();
      if (only == null || only.equals(uid)) {
        if (--next.remaining == 0) {
          it.remove();
        }
        return Optional.of(next.fault);
      }
    }
    if (randomRate > 0 && random.nextDouble() < randomRate) {
      return Optional.of(RANDOM_FAULTS.get(random.nextInt(RANDOM_FAULTS.size())));
    }
    return Optional.empty();
  }
}
