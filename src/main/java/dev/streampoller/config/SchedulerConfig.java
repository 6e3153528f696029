package dev.streampoller.config;

/** The {@code scheduler.*} keys; instance id {@code AUTO} lets Quartz make a unique one. */
public record SchedulerConfig(int threads, String instanceId) {}
