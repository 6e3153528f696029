/**
 * The Cloudflare Stream API client: both authentication schemes, the response envelope, error
 * classification (video gone, credential rejected, rate limited, transient failure) and the
 * rate-limit headers. {@link dev.streampoller.cloudflare.CloudflareClient} is the entry point;
 * expected failures are returned as values, never thrown.
 */
@NullMarked
package dev.streampoller.cloudflare;

import org.jspecify.annotations.NullMarked;
