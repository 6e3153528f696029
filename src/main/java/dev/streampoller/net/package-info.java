/**
 * Small HTTP plumbing shared by the API client and the webhook sender: {@link
 * dev.streampoller.net.RequestDeadlines} bounds a whole blocking request, however slowly its bytes
 * arrive.
 */
@NullMarked
package dev.streampoller.net;

import org.jspecify.annotations.NullMarked;
