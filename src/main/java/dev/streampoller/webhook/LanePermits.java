package dev.streampoller.webhook;

import java.util.concurrent.Semaphore;

/**
 * Counts the sender threads held by each kind of lane, against {@link SenderLimits}. A configured
 * endpoint needs no permit: the dispatcher's busy set already gives each one exactly one thread.
 * Thread-safe.
 */
final class LanePermits {
  /** Whose threads a share is sent on. */
  enum Pool {
    ENDPOINT,
    CALLBACK,
    FAILING_CALLBACK
  }

  private final Semaphore callbacks;
  private final Semaphore failingCallbacks;

  LanePermits(SenderLimits limits) {
    this.callbacks = new Semaphore(limits.callbackThreads());
    this.failingCallbacks = new Semaphore(limits.failingCallbackThreads());
  }

  /** Takes a thread of {@code pool} if one is free; never waits. */
  boolean tryAcquire(Pool pool) {
    return switch (pool) {
      case ENDPOINT -> true;
      case CALLBACK -> callbacks.tryAcquire();
      case FAILING_CALLBACK -> failingCallbacks.tryAcquire();
    };
  }

  void release(Pool pool) {
    switch (pool) {
      case ENDPOINT -> {}
      case CALLBACK -> callbacks.release();
      case FAILING_CALLBACK -> failingCallbacks.release();
    }
  }

  /** Whether {@code pool} has a free thread right now (a hint: it may be gone a moment later). */
  boolean hasRoom(Pool pool) {
    return switch (pool) {
      case ENDPOINT -> true;
      case CALLBACK -> callbacks.availablePermits() > 0;
      case FAILING_CALLBACK -> failingCallbacks.availablePermits() > 0;
    };
  }
}
