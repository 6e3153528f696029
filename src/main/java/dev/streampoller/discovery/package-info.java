/**
 * Auto-track: finding each new video of an account through the list call and tracking it, with its
 * downloads created, one instance at a time per account ({@link
 * dev.streampoller.discovery.DiscoveryRound}).
 */
@NullMarked
package dev.streampoller.discovery;

import org.jspecify.annotations.NullMarked;
