package dev.streampoller.polling;

import dev.streampoller.cloudflare.Download;
import dev.streampoller.ops.MetricNames;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VideoPoll}'s rule for an answer that lists the downloads: an invalid download makes it a
 * failed poll; else the downloads are recorded, each transition counted and logged (a download
 * ending at INFO, progress at DEBUG), and the delivery job woken when events were enqueued.
 */
record DownloadsAnswer(PollRecorder recorder, MeterRegistry metrics, Runnable onEventsEnqueued) {
  /** The poll's logger: these lines are the poll's news. */
  private static final Logger LOG = LoggerFactory.getLogger(VideoPoll.class);

  /**
   * Records {@code downloads}, the answer for {@code key} polled under {@code token}, and begins
   * {@code next} in the same transaction; returns that beginning, if it was made.
   */
  Optional<PollRecorder.Begun> record(
      VideoKey key,
      String token,
      List<Download> downloads,
      Instant at,
      Budget budget,
      Optional<PollRecorder.Next> next) {
    List<DownloadSnapshot> observed = new ArrayList<>(downloads.size());
    try {
      for (Download d : downloads) {
        observed.add(new DownloadSnapshot(d.type(), d.status(), d.percentComplete(), d.url()));
      }
    } catch (IllegalArgumentException invalid) {
      String error = "invalid download in API answer: " + invalid.getMessage();
      LOG.warn("{}: {}", key, error);
      VideoPoll.logClaimLost(key, recorder.recordFailure(key, token, error, at));
      return Optional.empty();
    }
    PollRecorder.Recorded recorded =
        recorder.recordDownloads(key, token, observed, at, budget, next);
    VideoPoll.logClaimLost(key, recorded);
    for (Transition t : recorded.transitions()) {
      metrics.counter(MetricNames.TRANSITIONS, MetricNames.STATUS, t.after().status()).increment();
      // Progress is per-item detail (DEBUG); a download ending is worth a line at INFO.
      if (t.becameTerminal()) {
        LOG.info("{}: {} download is {}", key, t.downloadType(), t.after().status());
      } else {
        LOG.debug(
            "{}: {} {} -> {} ({}%)",
            key,
            t.downloadType(),
            t.before() == null ? "new" : t.before().status(),
            t.after().status(),
            t.after().percentComplete());
      }
    }
    if (recorded.eventsEnqueued() > 0) {
      onEventsEnqueued.run();
    }
    return recorded.next();
  }
}
