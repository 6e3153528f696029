package dev.streampoller.config;

/**
 * The Quartz scheduler: the {@code scheduler.*} keys; see {@link ConfigKeys} and
 * docs/configuration.md. Instance id {@code AUTO} lets Quartz generate a unique one, which a
 * cluster of instances needs.
 */
public record SchedulerConfig(int threads, String instanceId) {}
