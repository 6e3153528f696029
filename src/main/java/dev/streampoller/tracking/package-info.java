/**
 * Tracked videos, their downloads' current state and transition history: the value types, the pure
 * {@link dev.streampoller.tracking.TransitionDetector}, and one repository per table. Repositories
 * run inside the caller's transaction ({@link dev.streampoller.db.Database#inTransaction}).
 */
@NullMarked
package dev.streampoller.tracking;

import org.jspecify.annotations.NullMarked;
