-- Every read of the active videos is per budget, i.e. for a few accounts: the claim, its age-cap
-- count, the next wake-up and the active count. V1's index on next_poll_at alone (WHERE ended_at
-- IS NULL) covers every active video of every account, and whenever the planner's row estimates
-- were low (a table that grew fast since its last ANALYZE, as on a new install tracking thousands
-- of videos at once), it combined that whole index with the primary key in a BitmapAnd, reading
-- every active video's entry for each claim: 30,000 index entries per claim with 20,000 videos
-- tracked, most of PostgreSQL's time (bench throughput, issue 11). Indexed by account_id alone,
-- the index reads only the budget's own active videos whatever the estimates say. No statement
-- can use next_poll_at from an index (the claim's condition is an OR with the work-conserving
-- test, the next wake-up a minimum of an expression), and leaving it out lets the updates of
-- every poll (claim, renewal, end of poll, none of which changes an indexed column) be HOT, with
-- the room the fill factor leaves on each page: no new index entries, fewer dead ones to step over.
-- Built in one transaction: the table is locked against writes for the build, well under a second
-- per 100,000 tracked videos. The fill factor applies to pages written from now on.
CREATE INDEX tracked_video_account_active_idx ON tracked_video (account_id)
    WHERE ended_at IS NULL;

DROP INDEX tracked_video_due_idx;

ALTER TABLE tracked_video SET (fillfactor = 70);
