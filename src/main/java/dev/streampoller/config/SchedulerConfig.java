package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.SCHEDULER_INSTANCE_ID;
import static dev.streampoller.config.ConfigKeys.SCHEDULER_THREADS;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Quartz scheduler.
 *
 * @param threads Quartz worker threads
 * @param instanceId Quartz instance id; {@code AUTO} lets Quartz generate a unique one, which a
 *     cluster of instances needs
 */
public record SchedulerConfig(int threads, String instanceId) {
  public static final int DEFAULT_THREADS = 4;
  public static final int MIN_THREADS = 2;
  public static final int MAX_THREADS = 64;
  public static final String DEFAULT_INSTANCE_ID = "AUTO";

  /** Validates every field; throws {@link ConfigException} listing all problems. */
  public SchedulerConfig {
    Objects.requireNonNull(instanceId, "instanceId");
    Problems problems = new Problems();
    validate(problems, threads, instanceId);
    problems.throwIfAny(null);
  }

  /** All defaults. */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(DEFAULT_THREADS, DEFAULT_INSTANCE_ID);
  }

  static void validate(Problems p, @Nullable Integer threads, @Nullable String instanceId) {
    Rules.between(p, SCHEDULER_THREADS, threads, MIN_THREADS, MAX_THREADS);
    Rules.notBlank(p, SCHEDULER_INSTANCE_ID, instanceId);
  }
}
