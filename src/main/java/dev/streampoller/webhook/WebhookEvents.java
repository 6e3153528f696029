package dev.streampoller.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.DownloadStatus;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds webhook events from transitions. Pure apart from {@link #newEventId()}: the payload is a
 * function of the transition alone, so a retried delivery sends the very same body.
 */
public final class WebhookEvents {
  public static final String DOWNLOAD_READY = "download.ready";
  public static final String DOWNLOAD_ERROR = "download.error";

  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookEvents() {}

  /** The event type a transition owes, or empty when it owes none. */
  public static Optional<String> eventTypeFor(Transition transition) {
    if (!transition.becameTerminal()) {
      return Optional.empty();
    }
    return Optional.of(
        DownloadStatus.READY.equals(transition.after().status()) ? DOWNLOAD_READY : DOWNLOAD_ERROR);
  }

  /** A fresh Standard Webhooks message id ({@code msg_} + 32 hex digits). */
  public static String newEventId() {
    return "msg_" + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * The JSON body: {@code {"type","timestamp","data":{accountId, videoId, downloadType, status,
   * previousStatus, percentComplete, url, observedAt, sequence}}}. {@code timestamp} is the
   * observation time, so it stays the same across retries.
   */
  public static ObjectNode payload(String eventType, VideoKey key, Transition transition) {
    DownloadSnapshot after = transition.after();
    DownloadSnapshot before = transition.before();
    ObjectNode root = JSON.createObjectNode();
    root.put("type", eventType);
    root.put("timestamp", transition.observedAt().toString());
    ObjectNode data = root.putObject("data");
    data.put("accountId", key.accountId());
    data.put("videoId", key.videoUid());
    data.put("downloadType", transition.downloadType());
    data.put("status", after.status());
    if (before == null) {
      data.putNull("previousStatus");
    } else {
      data.put("previousStatus", before.status());
    }
    if (after.percentComplete() == null) {
      data.putNull("percentComplete");
    } else {
      data.put("percentComplete", after.percentComplete());
    }
    if (after.url() == null) {
      data.putNull("url");
    } else {
      data.put("url", after.url());
    }
    data.put("observedAt", transition.observedAt().toString());
    data.put("sequence", transition.sequence());
    return root;
  }
}
