-- Read-only views for the questions operators ask most often. They only read the tables of V1..V4
-- (which stay the contract: views can be dropped and re-created without touching data), use only
-- SQL that PostgreSQL 14 and 15 accept, and carry a COMMENT on every view and column like the
-- tables do. Ages are measured from now(), i.e. the start of the reading transaction.

CREATE VIEW video_status AS
SELECT v.account_id,
       v.video_uid,
       CASE WHEN v.ended_at IS NULL THEN 'active' ELSE 'ended' END AS tracking,
       v.end_reason,
       coalesce(d.downloads, '')                                    AS downloads,
       coalesce(d.download_count, 0)                                AS download_count,
       coalesce(d.ready_count, 0)                                   AS ready_count,
       coalesce(d.error_count, 0)                                   AS error_count,
       v.poll_count                                                 AS polls,
       v.consecutive_failures,
       v.last_error,
       v.last_error_at,
       v.last_polled_at,
       -- next_poll_at keeps its last value after tracking ends; showing it would suggest a poll.
       CASE WHEN v.ended_at IS NULL THEN v.next_poll_at END         AS next_poll_at,
       v.last_changed_at,
       v.created_at                                                 AS tracked_since,
       v.ended_at,
       a.paused_until                                               AS account_paused_until,
       a.pause_reason                                               AS account_pause_reason
  FROM tracked_video v
  LEFT JOIN LATERAL (
      SELECT string_agg(
                 s.download_type || ': ' || s.status
                 -- progress only while it means something; round() to one place keeps it short
                 || CASE WHEN s.percent_complete IS NOT NULL AND s.status NOT IN ('ready', 'error')
                         THEN ' ' || rtrim(rtrim(round(s.percent_complete::numeric, 1)::text, '0'), '.') || '%'
                         ELSE '' END,
                 ', ' ORDER BY s.download_type)                   AS downloads,
             count(*)                                              AS download_count,
             count(*) FILTER (WHERE s.status = 'ready')            AS ready_count,
             count(*) FILTER (WHERE s.status = 'error')            AS error_count
        FROM download_state s
       WHERE s.account_id = v.account_id AND s.video_uid = v.video_uid) d ON true
  LEFT JOIN cloudflare_account a
         ON a.account_id = v.account_id AND a.paused_until > now();

COMMENT ON VIEW video_status IS
    'One row per tracked video: is it still polled, how did tracking end, how its polls go, and a one-line summary of its downloads. SELECT * FROM video_status WHERE tracking = ''active'' ORDER BY next_poll_at;';
COMMENT ON COLUMN video_status.account_id IS 'Cloudflare account id.';
COMMENT ON COLUMN video_status.video_uid IS 'Cloudflare Stream video uid.';
COMMENT ON COLUMN video_status.tracking IS 'active (still polled) or ended (see end_reason).';
COMMENT ON COLUMN video_status.end_reason IS 'Why tracking ended: done, video_gone, gave_up or untracked; NULL while active.';
COMMENT ON COLUMN video_status.tracked_since IS 'When tracking started (tracked_video.created_at).';
COMMENT ON COLUMN video_status.ended_at IS 'When tracking ended; NULL while active.';
COMMENT ON COLUMN video_status.polls IS 'Polls made for this video, successful or not.';
COMMENT ON COLUMN video_status.last_polled_at IS 'When the last poll finished; NULL before the first.';
COMMENT ON COLUMN video_status.next_poll_at IS 'Earliest time of the next poll; NULL once tracking has ended.';
COMMENT ON COLUMN video_status.consecutive_failures IS 'Failed polls since the last successful one; 0 when polls are healthy.';
COMMENT ON COLUMN video_status.last_error IS 'What went wrong in the most recent failed poll (kept after later successes; compare last_error_at with last_polled_at).';
COMMENT ON COLUMN video_status.last_error_at IS 'When last_error was recorded.';
COMMENT ON COLUMN video_status.downloads IS 'Its downloads by type, e.g. "audio: inprogress 42.5%, default: ready"; empty before the first download is seen.';
COMMENT ON COLUMN video_status.download_count IS 'Downloads seen for this video.';
COMMENT ON COLUMN video_status.ready_count IS 'Downloads whose current status is ready.';
COMMENT ON COLUMN video_status.error_count IS 'Downloads whose current status is error.';
COMMENT ON COLUMN video_status.last_changed_at IS 'When a poll last recorded a transition of one of its downloads.';
COMMENT ON COLUMN video_status.account_paused_until IS 'While the account''s polling is paused (rate limited or credential rejected): until when; NULL otherwise.';
COMMENT ON COLUMN video_status.account_pause_reason IS 'rate_limited or credential_rejected while the account is paused; NULL otherwise.';

CREATE VIEW download_time_to_ready AS
SELECT s.account_id,
       s.video_uid,
       s.download_type,
       f.to_status                   AS outcome,
       s.status                      AS status_now,
       s.first_seen_at,
       f.observed_at                 AS finished_at,
       f.observed_at - s.first_seen_at AS time_to_finish,
       f.sequence                    AS transitions
  FROM download_state s
  -- The first transition into ready or error; (account, video, type, sequence) is unique-indexed.
  JOIN LATERAL (
      SELECT t.to_status, t.observed_at, t.sequence
        FROM download_transition t
       WHERE t.account_id = s.account_id
         AND t.video_uid = s.video_uid
         AND t.download_type = s.download_type
         AND t.to_status IN ('ready', 'error')
       ORDER BY t.sequence
       LIMIT 1) f ON true;

COMMENT ON VIEW download_time_to_ready IS
    'One row per download that reached ready or error: how long it took from first sight to the first transition into ready or error. A download already ready when first seen has time_to_finish 0 and transitions 1. SELECT download_type, avg(time_to_finish) FROM download_time_to_ready WHERE outcome = ''ready'' AND transitions > 1 GROUP BY 1;';
COMMENT ON COLUMN download_time_to_ready.account_id IS 'Cloudflare account id.';
COMMENT ON COLUMN download_time_to_ready.video_uid IS 'Cloudflare Stream video uid.';
COMMENT ON COLUMN download_time_to_ready.download_type IS 'Download type (default, audio, ...).';
COMMENT ON COLUMN download_time_to_ready.outcome IS 'ready or error: the status of its first transition into either.';
COMMENT ON COLUMN download_time_to_ready.status_now IS 'Its current status, which may differ from outcome (e.g. ready, later error).';
COMMENT ON COLUMN download_time_to_ready.first_seen_at IS 'When the daemon first saw the download.';
COMMENT ON COLUMN download_time_to_ready.finished_at IS 'When the daemon observed its first transition into ready or error.';
COMMENT ON COLUMN download_time_to_ready.time_to_finish IS 'finished_at - first_seen_at; accurate to one poll interval, as the API gives no timestamps.';
COMMENT ON COLUMN download_time_to_ready.transitions IS 'Transitions recorded up to and including the one into ready or error (1 when first seen finished).';

CREATE VIEW failed_delivery AS
SELECT d.id,
       d.state,
       d.endpoint,
       e.disabled_at        AS endpoint_disabled_at,
       d.event_type,
       d.event_id,
       d.account_id,
       d.video_uid,
       d.download_type,
       d.created_at,
       now() - d.created_at AS age,
       d.attempts,
       d.last_attempt_at,
       d.last_http_status,
       d.last_error,
       d.next_attempt_at
  FROM webhook_delivery d
  LEFT JOIN webhook_endpoint e ON e.name = d.endpoint
 WHERE d.state = 'dead'
    OR (d.state = 'pending' AND d.attempts > 0);

COMMENT ON VIEW failed_delivery IS
    'Webhook deliveries that are dead (every retry failed) or still pending after at least one failed attempt. The target URL is left out on purpose (it may hold credentials): see webhook_endpoint or webhook_delivery.target_url. Redeliver with: stream-poller deliveries redeliver ID.';
COMMENT ON COLUMN failed_delivery.id IS 'webhook_delivery.id.';
COMMENT ON COLUMN failed_delivery.state IS 'dead (given up) or pending (will be retried at next_attempt_at).';
COMMENT ON COLUMN failed_delivery.endpoint IS 'Endpoint name from the configuration, or @callback for the video''s own callback URL.';
COMMENT ON COLUMN failed_delivery.endpoint_disabled_at IS 'When the endpoint was disabled (it answered 410 Gone); NULL while enabled, and for @callback.';
COMMENT ON COLUMN failed_delivery.event_type IS 'download.ready or download.error.';
COMMENT ON COLUMN failed_delivery.event_id IS 'Event id (the webhook-id header), shared by every endpoint of one event.';
COMMENT ON COLUMN failed_delivery.account_id IS 'Cloudflare account id of the download.';
COMMENT ON COLUMN failed_delivery.video_uid IS 'Video uid of the download.';
COMMENT ON COLUMN failed_delivery.download_type IS 'Download type of the download.';
COMMENT ON COLUMN failed_delivery.created_at IS 'When the event was enqueued.';
COMMENT ON COLUMN failed_delivery.age IS 'now() - created_at: how long the receiver has been without this event.';
COMMENT ON COLUMN failed_delivery.attempts IS 'Delivery attempts made so far.';
COMMENT ON COLUMN failed_delivery.last_attempt_at IS 'When the most recent attempt finished.';
COMMENT ON COLUMN failed_delivery.last_http_status IS 'HTTP status of the most recent attempt; NULL when none was received (timeout, connection refused).';
COMMENT ON COLUMN failed_delivery.last_error IS 'Why the most recent attempt failed.';
COMMENT ON COLUMN failed_delivery.next_attempt_at IS 'When the next attempt is due; NULL for dead deliveries.';

CREATE VIEW delivery_backlog AS
WITH counts AS (
    SELECT d.endpoint,
           count(*) FILTER (WHERE d.state = 'pending')                              AS pending,
           count(*) FILTER (WHERE d.state = 'pending' AND d.next_attempt_at <= now()) AS pending_due,
           count(*) FILTER (WHERE d.state = 'pending' AND d.attempts > 0)            AS retrying,
           count(*) FILTER (WHERE d.state = 'dead')                                 AS dead,
           min(d.created_at) FILTER (WHERE d.state = 'pending')                     AS oldest_pending_at
      FROM webhook_delivery d
     WHERE d.state IN ('pending', 'dead')
     GROUP BY d.endpoint)
SELECT coalesce(e.name, c.endpoint)       AS endpoint,
       e.name IS NOT NULL                 AS configured,
       e.disabled_at,
       e.disabled_reason,
       coalesce(c.pending, 0)             AS pending,
       coalesce(c.pending_due, 0)         AS pending_due,
       coalesce(c.retrying, 0)            AS retrying,
       coalesce(c.dead, 0)                AS dead,
       c.oldest_pending_at,
       now() - c.oldest_pending_at        AS oldest_pending_age
  FROM webhook_endpoint e
  FULL JOIN counts c ON c.endpoint = e.name;

COMMENT ON VIEW delivery_backlog IS
    'One row per webhook endpoint (configured, or still named by pending or dead deliveries, such as @callback): how much is waiting and how old the oldest waiting event is. Delivered rows are not counted.';
COMMENT ON COLUMN delivery_backlog.endpoint IS 'Endpoint name, or @callback for per-video callback URLs.';
COMMENT ON COLUMN delivery_backlog.configured IS 'Whether webhook_endpoint knows it (false for @callback and for endpoints removed from the configuration).';
COMMENT ON COLUMN delivery_backlog.disabled_at IS 'When deliveries to it were stopped (410 Gone); NULL while enabled.';
COMMENT ON COLUMN delivery_backlog.disabled_reason IS 'Why it was disabled; NULL while enabled.';
COMMENT ON COLUMN delivery_backlog.pending IS 'Deliveries waiting to be sent (first attempt or retry).';
COMMENT ON COLUMN delivery_backlog.pending_due IS 'Pending deliveries whose next attempt is due now; a steady high value means the daemon is behind or stopped.';
COMMENT ON COLUMN delivery_backlog.retrying IS 'Pending deliveries that have failed at least once.';
COMMENT ON COLUMN delivery_backlog.dead IS 'Deliveries given up after the whole retry schedule.';
COMMENT ON COLUMN delivery_backlog.oldest_pending_at IS 'created_at of the oldest pending delivery; NULL when none is pending.';
COMMENT ON COLUMN delivery_backlog.oldest_pending_age IS 'now() - oldest_pending_at.';

CREATE VIEW poll_budget AS
SELECT b.credential_id,
       -- The bucket refills lazily from updated_at, like TokenBucket.available(): never above
       -- capacity, and a clock behind updated_at adds nothing.
       least(b.capacity,
             b.tokens + b.refill_per_second
                        * greatest(0, extract(epoch FROM now() - b.updated_at)::double precision))
                                                    AS tokens_now,
       b.capacity,
       b.refill_per_second,
       round(b.capacity + b.refill_per_second * 300)::integer AS requests_per_5_minutes,
       b.updated_at
  FROM request_budget b;

COMMENT ON VIEW poll_budget IS
    'One row per Cloudflare credential: the request budget every instance draws from, with the tokens available now (the stored row is only brought up to date when a claim takes tokens).';
COMMENT ON COLUMN poll_budget.credential_id IS 'token:<hash prefix of the API token> or key:<e-mail>; never the secret.';
COMMENT ON COLUMN poll_budget.tokens_now IS 'Requests that may be sent now: tokens refilled from updated_at to now(), at most capacity.';
COMMENT ON COLUMN poll_budget.capacity IS 'Largest burst.';
COMMENT ON COLUMN poll_budget.refill_per_second IS 'Tokens added per second.';
COMMENT ON COLUMN poll_budget.requests_per_5_minutes IS 'capacity + refill_per_second * 300: the most requests in any 5 minutes, which is cloudflare.rate-limit.requests-per-5-minutes.';
COMMENT ON COLUMN poll_budget.updated_at IS 'When the stored tokens were last computed.';
