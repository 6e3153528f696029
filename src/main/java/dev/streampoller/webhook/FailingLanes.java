package dev.streampoller.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The callback lanes whose last attempt in this process failed or timed out, most recent last.
 * Bounded: past {@link #CAPACITY} lanes the least recently failed is forgotten (it then counts as
 * working until it fails again). Thread-safe.
 */
final class FailingLanes {
  static final int CAPACITY = 10_000;

  private final Map<String, Boolean> lanes =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void failed(String lane) {
    lanes.put(lane, Boolean.TRUE);
  }

  synchronized void succeeded(String lane) {
    lanes.remove(lane);
  }

  synchronized boolean contains(String lane) {
    return lanes.containsKey(lane);
  }

  synchronized List<String> all() {
    return List.copyOf(lanes.keySet());
  }
}
