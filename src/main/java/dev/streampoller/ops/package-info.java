/**
 * Operations: the Prometheus metrics of the daemon ({@link dev.streampoller.ops.Metrics}, names in
 * {@link dev.streampoller.ops.MetricNames}) and the HTTP listener serving them with a health check
 * ({@link dev.streampoller.ops.OpsServer}).
 */
@NullMarked
package dev.streampoller.ops;

import org.jspecify.annotations.NullMarked;
