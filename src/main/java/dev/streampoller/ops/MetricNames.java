package dev.streampoller.ops;

import java.util.List;

/**
 * The Micrometer names and tags of every {@code stream_poller_*} metric, a public contract shared
 * by the code that records them, {@code docs/metrics.md} and {@code docs/grafana-dashboard.json}.
 * Prometheus shows {@code stream.poller.polls} as {@code stream_poller_polls_total}, a timer as
 * {@code ..._seconds}. A meter name must always be used with the same tag keys: Prometheus refuses
 * one name with two sets of labels.
 */
public final class MetricNames {
  /** Counter, tag {@link #OUTCOME} one of {@link #POLL_OUTCOMES}: one per API poll of a video. */
  public static final String POLLS = "stream.poller.polls";

  /** Timer, no tags: duration of one Cloudflare API request, whatever its answer. */
  public static final String API_REQUEST = "stream.poller.api.request";

  /** Counter, no tags: Cloudflare answers 429 Too Many Requests. */
  public static final String RATE_LIMITED = "stream.poller.rate.limited";

  /** Counter, no tags: videos auto-track discovered and started tracking. */
  public static final String VIDEOS_DISCOVERED = "stream.poller.videos.discovered";

  /** Counter, no tags: discovery rounds that failed (list or create refused, malformed, 429). */
  public static final String DISCOVERY_ERRORS = "stream.poller.discovery.errors";

  /** Counter, tag {@link #STATUS}: recorded download transitions, by the status they reach. */
  public static final String TRANSITIONS = "stream.poller.transitions";

  /** Counter, tag {@link #OUTCOME} one of {@link #DELIVERY_OUTCOMES}: webhook delivery attempts. */
  public static final String DELIVERIES = "stream.poller.deliveries";

  /** Gauge, tag {@link #STATE} one of {@link #VIDEO_STATES}: rows of {@code tracked_video}. */
  public static final String TRACKED_VIDEOS = "stream.poller.tracked.videos";

  /** Gauge, no tags: webhook deliveries in state {@code pending}. */
  public static final String OUTBOX_PENDING = "stream.poller.outbox.pending";

  /** Gauge, no tags, seconds: age of the oldest pending delivery; 0 when none is pending. */
  public static final String OUTBOX_OLDEST_PENDING_AGE = "stream.poller.outbox.oldest.pending.age";

  /** Gauge, no tags: webhook deliveries in state {@code dead} (retries exhausted). */
  public static final String DELIVERIES_DEAD = "stream.poller.deliveries.dead";

  /** Gauge, tag {@link #CREDENTIAL}: requests left in the credential's shared token bucket now. */
  public static final String BUDGET_TOKENS = "stream.poller.budget.tokens";

  /** Gauge, tag {@link #CREDENTIAL}: the capacity of that token bucket. */
  public static final String BUDGET_CAPACITY = "stream.poller.budget.capacity";

  public static final String OUTCOME = "outcome";
  public static final String STATUS = "status";
  public static final String STATE = "state";

  /** The credential's budget id ({@code token:<hash>} or {@code key:<email>}), never a secret. */
  public static final String CREDENTIAL = "credential";

  public static final List<String> POLL_OUTCOMES =
      List.of("downloads", "not_found", "rate_limited", "credential_rejected", "failed");
  public static final List<String> DELIVERY_OUTCOMES = List.of("delivered", "failed", "dead");

  /** {@code active} (still polled) or the {@code end_reason} of an ended track. */
  public static final List<String> VIDEO_STATES =
      List.of("active", "done", "video_gone", "gave_up", "untracked");

  /** The statuses Cloudflare reports; other statuses get their own series when first seen. */
  public static final List<String> KNOWN_STATUSES = List.of("inprogress", "ready", "error");

  private MetricNames() {}
}
