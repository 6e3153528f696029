package dev.streampoller.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a daemon part has opened, closed in reverse order; an error while closing one is logged and
 * the rest are still closed. Idempotent.
 */
final class Closer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Closer.class);
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** Adds {@code resource} (to be closed before everything added earlier) and returns it. */
  <T extends AutoCloseable> T add(T resource) {
    resources.add(resource);
    return resource;
  }

  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      closeQuietly(resources.get(i));
    }
    resources.clear();
  }

  /** Closes {@code resource}, logging instead of throwing. */
  static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("Error while closing {}", resource.getClass().getSimpleName(), e);
    }
  }
}
