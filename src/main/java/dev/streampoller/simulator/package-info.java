/**
 * A local Cloudflare Stream API for the demo, the tests and the benchmarks: the downloads endpoints
 * with scripted progress computed from an injected {@link java.time.Clock}, both authentication
 * schemes, Cloudflare-shaped errors, an optional rate limit, injectable faults and a request log.
 * Nothing in the daemon depends on this package.
 */
@NullMarked
package dev.streampoller.simulator;

import org.jspecify.annotations.NullMarked;
