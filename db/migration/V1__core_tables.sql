-- stream-poller core schema. The tables are the daemon's query interface: names and columns are a
-- public contract, every table and column carries a COMMENT, and CHECK constraints refuse rows a
-- person might insert by hand that the daemon could not work with.

CREATE TABLE tracked_video (
    account_id           text        NOT NULL,
    video_uid            text        NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    next_poll_at         timestamptz NOT NULL DEFAULT now(),
    last_polled_at       timestamptz,
    poll_count           integer     NOT NULL DEFAULT 0,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    last_error           text,
    last_error_at        timestamptz,
    last_changed_at      timestamptz,
    claimed_by           text,
    claimed_until        timestamptz,
    ended_at             timestamptz,
    end_reason           text,
    PRIMARY KEY (account_id, video_uid),
    CONSTRAINT tracked_video_account_id_format CHECK (account_id ~ '^[A-Za-z0-9]{1,32}$'),
    CONSTRAINT tracked_video_video_uid_format CHECK (video_uid ~ '^[A-Za-z0-9]{1,32}$'),
    CONSTRAINT tracked_video_counts_not_negative CHECK (poll_count >= 0 AND consecutive_failures >= 0),
    CONSTRAINT tracked_video_end_reason_known
        CHECK (end_reason IN ('done', 'video_gone', 'gave_up', 'untracked')),
    CONSTRAINT tracked_video_ended_has_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    CONSTRAINT tracked_video_claim_complete CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
);

CREATE INDEX tracked_video_due_idx ON tracked_video (next_poll_at) WHERE ended_at IS NULL;

COMMENT ON TABLE tracked_video IS
    'One row per video whose downloads stream-poller watches. INSERT (account_id, video_uid) to start tracking; the daemon is woken by NOTIFY and polls it within a second.';
COMMENT ON COLUMN tracked_video.account_id IS 'Cloudflare account id (1-32 letters or digits).';
COMMENT ON COLUMN tracked_video.video_uid IS 'Cloudflare Stream video uid (1-32 letters or digits).';
COMMENT ON COLUMN tracked_video.created_at IS 'When tracking started (or restarted, for a video tracked again).';
COMMENT ON COLUMN tracked_video.next_poll_at IS 'Earliest time the next poll of this video may run; set by the poll policy after each poll.';
COMMENT ON COLUMN tracked_video.last_polled_at IS 'When the last poll (successful or not) finished; NULL before the first poll.';
COMMENT ON COLUMN tracked_video.poll_count IS 'Number of polls made for this video, successful or not.';
COMMENT ON COLUMN tracked_video.consecutive_failures IS 'Failed polls since the last successful one (5xx, timeout, malformed body); drives the retry backoff.';
COMMENT ON COLUMN tracked_video.last_error IS 'What went wrong in the most recent failed poll, as the API or the network reported it; kept after later successes.';
COMMENT ON COLUMN tracked_video.last_error_at IS 'When last_error was recorded.';
COMMENT ON COLUMN tracked_video.last_changed_at IS 'When a poll last recorded a transition of one of its downloads; poll.give-up-after is counted from this (or from created_at, if later).';
COMMENT ON COLUMN tracked_video.claimed_by IS 'Claim token (instance and poll round) of the worker currently polling this video; NULL when unclaimed.';
COMMENT ON COLUMN tracked_video.claimed_until IS 'Lease end of the current claim; after it passes, any worker may claim the video again.';
COMMENT ON COLUMN tracked_video.ended_at IS 'When tracking ended; NULL while the video is still polled.';
COMMENT ON COLUMN tracked_video.end_reason IS 'Why tracking ended: done (every download ready or error), video_gone (API answered 404), gave_up (nothing changed for poll.give-up-after), untracked (by a user).';

-- A plain INSERT (or a re-track) wakes the daemon at once instead of at its next scan.
CREATE FUNCTION tracked_video_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stream_poller_tracked', NEW.account_id || '/' || NEW.video_uid);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION tracked_video_notify() IS 'Sends NOTIFY stream_poller_tracked when a video is (re)tracked.';

CREATE TRIGGER tracked_video_notify_insert
    AFTER INSERT ON tracked_video
    FOR EACH ROW EXECUTE FUNCTION tracked_video_notify();
CREATE TRIGGER tracked_video_notify_retrack
    AFTER UPDATE OF ended_at ON tracked_video
    FOR EACH ROW WHEN (OLD.ended_at IS NOT NULL AND NEW.ended_at IS NULL)
    EXECUTE FUNCTION tracked_video_notify();

CREATE TABLE download_state (
    account_id       text             NOT NULL,
    video_uid        text             NOT NULL,
    download_type    text             NOT NULL,
    status           text             NOT NULL,
    percent_complete double precision,
    url              text,
    sequence         integer          NOT NULL,
    first_seen_at    timestamptz      NOT NULL,
    changed_at       timestamptz      NOT NULL,
    last_observed_at timestamptz      NOT NULL,
    PRIMARY KEY (account_id, video_uid, download_type),
    FOREIGN KEY (account_id, video_uid) REFERENCES tracked_video (account_id, video_uid) ON DELETE CASCADE,
    CONSTRAINT download_state_type_length CHECK (length(download_type) BETWEEN 1 AND 64),
    CONSTRAINT download_state_status_not_blank CHECK (length(btrim(status)) BETWEEN 1 AND 64),
    CONSTRAINT download_state_percent_range CHECK (percent_complete BETWEEN 0 AND 100),
    CONSTRAINT download_state_sequence_positive CHECK (sequence >= 1)
);

COMMENT ON TABLE download_state IS 'The latest observed state of each download of each tracked video.';
COMMENT ON COLUMN download_state.account_id IS 'Cloudflare account id.';
COMMENT ON COLUMN download_state.video_uid IS 'Cloudflare Stream video uid.';
COMMENT ON COLUMN download_state.download_type IS 'Download type as the API names it: default (MP4), audio (M4A) or any type Cloudflare adds later.';
COMMENT ON COLUMN download_state.status IS 'Status as the API reported it: inprogress, ready, error, or any new value, kept verbatim.';
COMMENT ON COLUMN download_state.percent_complete IS 'Progress 0-100 as the API reported it; NULL when the API sent none.';
COMMENT ON COLUMN download_state.url IS 'Download URL as the API reported it; it only works once status is ready.';
COMMENT ON COLUMN download_state.sequence IS 'Number of transitions recorded for this download; equals the sequence of the latest download_transition row.';
COMMENT ON COLUMN download_state.first_seen_at IS 'When the daemon first saw this download.';
COMMENT ON COLUMN download_state.changed_at IS 'When status, percent_complete or url last changed.';
COMMENT ON COLUMN download_state.last_observed_at IS 'When the daemon last saw this download in a successful poll.';

CREATE TABLE download_transition (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id            text             NOT NULL,
    video_uid             text             NOT NULL,
    download_type         text             NOT NULL,
    sequence              integer          NOT NULL,
    observed_at           timestamptz      NOT NULL,
    from_status           text,
    to_status             text             NOT NULL,
    from_percent_complete double precision,
    to_percent_complete   double precision,
    from_url              text,
    to_url                text,
    FOREIGN KEY (account_id, video_uid, download_type)
        REFERENCES download_state (account_id, video_uid, download_type) ON DELETE CASCADE,
    UNIQUE (account_id, video_uid, download_type, sequence),
    CONSTRAINT download_transition_sequence_positive CHECK (sequence >= 1),
    CONSTRAINT download_transition_first_has_no_before CHECK ((sequence = 1) = (from_status IS NULL)),
    CONSTRAINT download_transition_percent_range
        CHECK (from_percent_complete BETWEEN 0 AND 100 AND to_percent_complete BETWEEN 0 AND 100),
    CONSTRAINT download_transition_is_a_change CHECK (
        from_status IS NULL
        OR from_status IS DISTINCT FROM to_status
        OR from_percent_complete IS DISTINCT FROM to_percent_complete
        OR from_url IS DISTINCT FROM to_url)
);

CREATE INDEX download_transition_video_idx ON download_transition (account_id, video_uid, observed_at);

COMMENT ON TABLE download_transition IS 'History: one row per observed change of a download''s status, percent_complete or url. Append-only.';
COMMENT ON COLUMN download_transition.id IS 'Surrogate key, increasing in insertion order.';
COMMENT ON COLUMN download_transition.account_id IS 'Cloudflare account id.';
COMMENT ON COLUMN download_transition.video_uid IS 'Cloudflare Stream video uid.';
COMMENT ON COLUMN download_transition.download_type IS 'Download type (default, audio, ...).';
COMMENT ON COLUMN download_transition.sequence IS 'Per-download sequence number starting at 1 (the first observation); orders transitions and lets receivers drop stale events.';
COMMENT ON COLUMN download_transition.observed_at IS 'When the daemon observed the change (the API gives no timestamps; this is the record).';
COMMENT ON COLUMN download_transition.from_status IS 'Status before the change; NULL on the first observation.';
COMMENT ON COLUMN download_transition.to_status IS 'Status after the change.';
COMMENT ON COLUMN download_transition.from_percent_complete IS 'percent_complete before the change; NULL on the first observation or when unknown.';
COMMENT ON COLUMN download_transition.to_percent_complete IS 'percent_complete after the change; NULL when the API sent none.';
COMMENT ON COLUMN download_transition.from_url IS 'url before the change; NULL on the first observation or when absent.';
COMMENT ON COLUMN download_transition.to_url IS 'url after the change; NULL when absent.';

CREATE TABLE webhook_delivery (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        text        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    account_id      text        NOT NULL,
    video_uid       text        NOT NULL,
    download_type   text        NOT NULL,
    payload         jsonb       NOT NULL,
    target_url      text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending',
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    last_http_status integer,
    last_error      text,
    delivered_at    timestamptz,
    claimed_by      text,
    claimed_until   timestamptz,
    CONSTRAINT webhook_delivery_event_id_format CHECK (event_id ~ '^msg_[A-Za-z0-9]{8,64}$'),
    CONSTRAINT webhook_delivery_event_type_known CHECK (event_type IN ('download.ready', 'download.error')),
    CONSTRAINT webhook_delivery_payload_object CHECK (jsonb_typeof(payload) = 'object'),
    CONSTRAINT webhook_delivery_target_http CHECK (target_url ~* '^https?://'),
    CONSTRAINT webhook_delivery_state_known CHECK (state IN ('pending', 'delivered', 'dead')),
    CONSTRAINT webhook_delivery_attempts_not_negative CHECK (attempts >= 0),
    CONSTRAINT webhook_delivery_pending_is_scheduled CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL)),
    CONSTRAINT webhook_delivery_delivered_has_time CHECK ((state = 'delivered') = (delivered_at IS NOT NULL)),
    CONSTRAINT webhook_delivery_claim_complete CHECK ((claimed_by IS NULL) = (claimed_until IS NULL)),
    CONSTRAINT webhook_delivery_http_status_range CHECK (last_http_status BETWEEN 100 AND 599)
);

CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_video_idx ON webhook_delivery (account_id, video_uid);

COMMENT ON TABLE webhook_delivery IS 'The webhook outbox: one row per event and target, written in the same transaction as the transition that caused it, delivered at least once.';
COMMENT ON COLUMN webhook_delivery.id IS 'Surrogate key.';
COMMENT ON COLUMN webhook_delivery.event_id IS 'Event id, sent as the webhook-id header; the same on every retry so receivers can drop duplicates.';
COMMENT ON COLUMN webhook_delivery.event_type IS 'download.ready or download.error.';
COMMENT ON COLUMN webhook_delivery.account_id IS 'Cloudflare account id of the download.';
COMMENT ON COLUMN webhook_delivery.video_uid IS 'Video uid of the download.';
COMMENT ON COLUMN webhook_delivery.download_type IS 'Download type of the download.';
COMMENT ON COLUMN webhook_delivery.payload IS 'The JSON body sent to the receiver.';
COMMENT ON COLUMN webhook_delivery.target_url IS 'Where the webhook is POSTed.';
COMMENT ON COLUMN webhook_delivery.state IS 'pending (waiting for its next attempt), delivered (a 2xx was received) or dead (every attempt of webhook.retry-schedule failed).';
COMMENT ON COLUMN webhook_delivery.created_at IS 'When the event was enqueued (the transition''s observation time).';
COMMENT ON COLUMN webhook_delivery.attempts IS 'Delivery attempts made so far.';
COMMENT ON COLUMN webhook_delivery.next_attempt_at IS 'When the next attempt is due; NULL once delivered or dead.';
COMMENT ON COLUMN webhook_delivery.last_attempt_at IS 'When the most recent attempt finished.';
COMMENT ON COLUMN webhook_delivery.last_http_status IS 'HTTP status of the most recent attempt; NULL when none was received (timeout, connection refused).';
COMMENT ON COLUMN webhook_delivery.last_error IS 'Why the most recent attempt failed; NULL after success.';
COMMENT ON COLUMN webhook_delivery.delivered_at IS 'When a 2xx answer was received.';
COMMENT ON COLUMN webhook_delivery.claimed_by IS 'Claim token (instance and round) of the worker currently sending this delivery; NULL when unclaimed.';
COMMENT ON COLUMN webhook_delivery.claimed_until IS 'Lease end of the current claim; after it passes the delivery may be claimed again.';

CREATE TABLE cloudflare_account (
    account_id    text        PRIMARY KEY,
    paused_until  timestamptz,
    pause_reason  text,
    pause_detail  text,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT cloudflare_account_id_format CHECK (account_id ~ '^[A-Za-z0-9]{1,32}$'),
    CONSTRAINT cloudflare_account_pause_reason_known CHECK (pause_reason IN ('rate_limited', 'credential_rejected')),
    CONSTRAINT cloudflare_account_pause_complete CHECK ((paused_until IS NULL) = (pause_reason IS NULL))
);

COMMENT ON TABLE cloudflare_account IS 'Per Cloudflare account state shared by every instance: whether polling is paused and why.';
COMMENT ON COLUMN cloudflare_account.account_id IS 'Cloudflare account id.';
COMMENT ON COLUMN cloudflare_account.paused_until IS 'No instance sends a request for this account before this time; NULL when not paused.';
COMMENT ON COLUMN cloudflare_account.pause_reason IS 'rate_limited (the API answered 429) or credential_rejected (the credential was refused: operator action needed).';
COMMENT ON COLUMN cloudflare_account.pause_detail IS 'The API''s own words for the pause (HTTP status, error codes and messages).';
COMMENT ON COLUMN cloudflare_account.updated_at IS 'When this row last changed.';
