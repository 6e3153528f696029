-- Catches up the schema's own documentation with what the code does since issues 8 to 13, and
-- shows how a video came to be tracked in video_status. CREATE OR REPLACE VIEW may only add
-- columns at the end, so the view is V5's with source appended.

COMMENT ON COLUMN tracked_video.end_reason IS 'Why tracking ended: done (at least one download has a status and every one that has is ready or error), video_gone (the API answered 404), gave_up (nothing changed, or every poll failed, for poll.give-up-after), untracked (by a user).';

COMMENT ON COLUMN webhook_delivery.state IS 'pending (waiting for its next attempt), delivered (a 2xx was received) or dead (every attempt of webhook.retry-schedule failed, or its endpoint was disabled or is no longer configured; last_error says which).';

CREATE OR REPLACE VIEW video_status AS
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
       a.pause_reason                                               AS account_pause_reason,
       v.source
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

COMMENT ON COLUMN video_status.source IS 'How the video came to be tracked: manual (track, or a plain INSERT) or discovered (auto-track).';
COMMENT ON COLUMN video_status.end_reason IS 'Why tracking ended: done, video_gone, gave_up or untracked (see tracked_video.end_reason); NULL while active.';
