package dev.streampoller.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Whether this instance can do its work: the database answers {@code SELECT 1} and the scheduler
 * runs. {@link #check()} answers within {@link #PROBE_TIMEOUT} whatever the database does: a probe
 * that has no answer by then reports the database DOWN and goes on in the background, and the next
 * check joins it (see {@link BoundedRead}), so a check right after the database's return sees it UP
 * as soon as the pool reconnects. Thread-safe.
 */
final class HealthCheck {
  /**
   * How long a check waits for the database: under the 2 s a {@code /health} answer may take, with
   * room for the HTTP exchange on a loaded machine.
   */
  static final Duration PROBE_TIMEOUT = Duration.ofMillis(1500);

  private static final int MAX_REASON_LENGTH = 300;
  // JDBC drivers may echo a URL; never let a password parameter reach the response.
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");

  /** One part's state; the reason says why it is down. */
  record Part(boolean up, Optional<String> reason) {
    static final Part UP = new Part(true, Optional.empty());

    static Part down(String reason) {
      return new Part(false, Optional.of(reason));
    }

    String word() {
      return up ? "UP" : "DOWN";
    }
  }

  /** The outcome of one check. */
  record Health(Part database, Part scheduler) {
    boolean up() {
      return database.up() && scheduler.up();
    }

    /**
     * {@code status}, {@code database}, {@code scheduler} (each UP or DOWN) and, when something is
     * down, {@code reasons} with one entry per part that is down.
     */
    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("status", up() ? "UP" : "DOWN");
      json.put("database", database.word());
      json.put("scheduler", scheduler.word());
      Map<String, String> reasons = new LinkedHashMap<>();
      database.reason().ifPresent(r -> reasons.put("database", r));
      scheduler.reason().ifPresent(r -> reasons.put("scheduler", r));
      if (!reasons.isEmpty()) {
        json.put("reasons", reasons);
      }
      return json;
    }
  }

  private final BoundedRead<Boolean> probe;
  private final BooleanSupplier schedulerRunning;

  HealthCheck(DataSource dataSource, BooleanSupplier schedulerRunning) {
    this.probe =
        new BoundedRead<>(dataSource, OpsQueries::probe, PROBE_TIMEOUT, "ops-health-probe");
    this.schedulerRunning = schedulerRunning;
  }

  Health check() {
    return new Health(database(), scheduler());
  }

  private Part database() {
    BoundedRead.Outcome<Boolean> outcome = probe.read();
    if (outcome.timedOut()) {
      return Part.down(
          "no answer to SELECT 1 within "
              + PROBE_TIMEOUT.toMillis()
              + " ms (unreachable, or the pool has no free connection)");
    }
    if (outcome.failure().isPresent()) {
      return Part.down(describe(outcome.failure().get()));
    }
    return outcome.value().orElse(false) ? Part.UP : Part.down("SELECT 1 answered no row");
  }

  private Part scheduler() {
    try {
      return schedulerRunning.getAsBoolean() ? Part.UP : Part.down("scheduler is not running");
    } catch (RuntimeException e) {
      return Part.down("cannot tell whether the scheduler runs: " + describe(e));
    }
  }

  /** Type and message of {@code e}, one line, bounded, any {@code password=} value hidden. */
  static String describe(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    String text = e.getClass().getSimpleName() + message.replaceAll("\\s+", " ");
    text = PASSWORD.matcher(text).replaceAll("$1****");
    return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "...";
  }
}
