package dev.streampoller.config;

/**
 * The Quartz scheduler.
 *
 * @param threads Quartz worker threads
 * @param instanceId Quartz instance id; {@code AUTO} lets Quartz generate a unique one, which a
 *     cluster of instances needs
 */
public record SchedulerConfig(int threads, String instanceId) {}
