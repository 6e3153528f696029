package dev.streampoller.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A daemon's properties file as a mutable map of keys: {@link FaultWorld} fills in scaled timings,
 * the simulator, the database and the receivers; a scenario overrides keys with {@link #set} before
 * starting daemons. Only strings: the daemon's own loader validates, as in production.
 */
public final class DaemonConfig {
  private final Map<String, String> values = new LinkedHashMap<>();

  /** Sets (or replaces) a key; returns this. */
  public DaemonConfig set(String key, String value) {
    values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Removes a key, so the daemon's default applies; returns this. */
  public DaemonConfig remove(String key) {
    values.remove(key);
    return this;
  }

  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no key " + key + " in the daemon configuration");
    }
    return value;
  }

  /** A copy, so one daemon's overrides do not leak into the next. */
  public DaemonConfig copy() {
    DaemonConfig copy = new DaemonConfig();
    copy.values.putAll(values);
    return copy;
  }

  /** Writes {@code key=value} lines (values are plain: no escapes are needed for ours). */
  public Path write(Path file) {
    String text =
        values.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
