-- Auto-track (issue 13): each account with auto-track enabled has one discovery row, the cursor
-- of its list call and the lease that lets one instance at a time discover; tracked_video says
-- whether a video was discovered or tracked by hand.

ALTER TABLE tracked_video
    ADD COLUMN source text NOT NULL DEFAULT 'manual',
    ADD CONSTRAINT tracked_video_source_known CHECK (source IN ('manual', 'discovered'));
COMMENT ON COLUMN tracked_video.source IS
    'How tracking started: manual (track, or an INSERT) or discovered (auto-track found the video through the list call).';

CREATE TABLE discovery (
    account_id           text        PRIMARY KEY,
    enabled_at           timestamptz NOT NULL,
    since                timestamptz NOT NULL,
    cursor_created       timestamptz NOT NULL,
    look_back_from       timestamptz,
    next_run_at          timestamptz NOT NULL,
    last_run_at          timestamptz,
    last_success_at      timestamptz,
    videos_found         bigint      NOT NULL DEFAULT 0,
    list_requests        bigint      NOT NULL DEFAULT 0,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    last_error           text,
    last_error_at        timestamptz,
    claimed_by           text,
    claimed_until        timestamptz,
    CONSTRAINT discovery_account_id_format CHECK (account_id ~ '^[A-Za-z0-9]{1,32}$'),
    CONSTRAINT discovery_counts_not_negative
        CHECK (videos_found >= 0 AND list_requests >= 0 AND consecutive_failures >= 0),
    CONSTRAINT discovery_cursor_from_since CHECK (cursor_created >= since),
    CONSTRAINT discovery_claim_complete CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
);

COMMENT ON TABLE discovery IS
    'One row per account with auto-track enabled: where its discovery through the list call stands. Written by the daemon; read the discovery_status view.';
COMMENT ON COLUMN discovery.account_id IS 'Cloudflare account id (1-32 letters or digits).';
COMMENT ON COLUMN discovery.enabled_at IS 'When auto-track was first enabled for the account (the row was made).';
COMMENT ON COLUMN discovery.since IS 'Videos created after this are discovered: auto-track.since, or enabled_at when it is unset; fixed when the row is made.';
COMMENT ON COLUMN discovery.cursor_created IS 'The cursor: the created time of the newest video the forward list requests have handled; the next one asks for videos created after it.';
COMMENT ON COLUMN discovery.look_back_from IS 'Where the look-back sweep (videos created before the cursor that became ready late) goes on; NULL to start at cursor_created minus auto-track.look-back.';
COMMENT ON COLUMN discovery.next_run_at IS 'Earliest time of the next discovery round: the interval after a round, at once after a full answer (1,000 videos), later after a failure (backoff) or while the budget is short.';
COMMENT ON COLUMN discovery.last_run_at IS 'When the last round ended, successful or not.';
COMMENT ON COLUMN discovery.last_success_at IS 'When the last round ended without an error.';
COMMENT ON COLUMN discovery.videos_found IS 'Videos this account''s discovery has started tracking, in total.';
COMMENT ON COLUMN discovery.list_requests IS 'List requests sent for this account, in total (each one token of the budget).';
COMMENT ON COLUMN discovery.consecutive_failures IS 'Failed rounds since the last successful one; drives the retry backoff.';
COMMENT ON COLUMN discovery.last_error IS 'What went wrong in the most recent failed round, as the API or the network said it; kept after later successes.';
COMMENT ON COLUMN discovery.last_error_at IS 'When last_error was recorded.';
COMMENT ON COLUMN discovery.claimed_by IS 'The instance running a round for this account now; NULL when none. One at a time across the cluster.';
COMMENT ON COLUMN discovery.claimed_until IS 'Lease end of the running round; after it passes, any instance may run the next round.';

CREATE VIEW discovery_status AS
SELECT d.account_id,
       d.since,
       d.cursor_created AS cursor,
       d.last_run_at,
       d.last_success_at,
       d.next_run_at,
       d.videos_found,
       d.list_requests,
       d.consecutive_failures,
       d.last_error,
       d.last_error_at,
       d.claimed_by IS NOT NULL AND d.claimed_until > now() AS running,
       (SELECT count(*) FROM tracked_video t
         WHERE t.account_id = d.account_id AND t.source = 'discovered' AND t.ended_at IS NULL)
           AS discovered_active
  FROM discovery d;

COMMENT ON VIEW discovery_status IS 'Auto-track per account: the cursor, the last round, what it found and its last error.';
COMMENT ON COLUMN discovery_status.account_id IS 'Cloudflare account id.';
COMMENT ON COLUMN discovery_status.since IS 'Videos created after this are discovered.';
COMMENT ON COLUMN discovery_status.cursor IS 'Created time of the newest video handled; the next list request starts after it.';
COMMENT ON COLUMN discovery_status.last_run_at IS 'When the last round ended.';
COMMENT ON COLUMN discovery_status.last_success_at IS 'When the last round ended without an error.';
COMMENT ON COLUMN discovery_status.next_run_at IS 'Earliest time of the next round.';
COMMENT ON COLUMN discovery_status.videos_found IS 'Videos discovered and tracked, in total.';
COMMENT ON COLUMN discovery_status.list_requests IS 'List requests sent, in total.';
COMMENT ON COLUMN discovery_status.consecutive_failures IS 'Failed rounds since the last success.';
COMMENT ON COLUMN discovery_status.last_error IS 'The most recent failure; kept after later successes.';
COMMENT ON COLUMN discovery_status.last_error_at IS 'When last_error was recorded.';
COMMENT ON COLUMN discovery_status.running IS 'Whether an instance holds a round''s lease now.';
COMMENT ON COLUMN discovery_status.discovered_active IS 'Discovered videos still being polled.';
