/**
 * {@code bench policy}: a deterministic replay of the poll policy in virtual time. A {@link
 * dev.streampoller.simulator.bench.Workload} (read from a {@code .properties} file by {@link
 * dev.streampoller.simulator.bench.WorkloadLoader}) is turned into synthetic downloads, which are
 * replayed against the project's {@link dev.streampoller.polling.PollPolicy}, round-robin and an
 * oracle within the same {@link dev.streampoller.polling.TokenBucket}, by {@link
 * dev.streampoller.simulator.bench.PolicyBench}. No network, no clock, no threads: the same
 * workload always gives the same figures.
 */
@NullMarked
package dev.streampoller.simulator.bench;

import org.jspecify.annotations.NullMarked;
