package dev.streampoller.polling;

import dev.streampoller.tracking.Detection;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.DownloadStateRepository;
import dev.streampoller.tracking.TrackedVideo;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.TransitionDetector;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import dev.streampoller.webhook.WebhookRoutes;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/**
 * Records the answer of a create call ({@code track --create}) as the created downloads' first
 * state, exactly as a poll records what it sees: state, transitions and, for a download the answer
 * already shows finished, its webhook events. Runs in the caller's transaction, after the video is
 * tracked (its row is locked by then, so a poll of the same video waits for it).
 */
public final class CreatedDownloads {
  private final TrackedVideoRepository videos = new TrackedVideoRepository();
  private final DownloadStateRepository states = new DownloadStateRepository();
  private final TransitionRepository transitions = new TransitionRepository();
  private final EventOutbox outbox;

  public CreatedDownloads(WebhookRoutes routes) {
    this.outbox = new EventOutbox(routes);
  }

  /**
   * Records {@code created} as observed at {@code at}; returns the number of transitions recorded
   * (0 when the video already had exactly this state).
   *
   * @throws IllegalStateException when the video is not tracked
   */
  public int record(Connection c, VideoKey key, List<DownloadSnapshot> created, Instant at) {
    TrackedVideo video =
        videos
            .find(c, key)
            .orElseThrow(() -> new IllegalStateException(key + " must be tracked first"));
    Detection found = TransitionDetector.detect(states.findByVideo(c, key), created, at);
    states.save(c, key, found.newState(), at);
    transitions.insertAll(c, key, found.transitions());
    outbox.enqueue(c, video, found.terminalTransitions());
    return found.transitions().size();
  }
}
