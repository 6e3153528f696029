-- Every read of the active videos is per budget, i.e. for a few accounts: the claim, its age-cap
-- count, the next wake-up and the active count. V1's index on next_poll_at alone (WHERE ended_at
-- IS NULL) covers every active video of every account, and whenever the planner's row estimates
-- were low (a table that grew fast since its last ANALYZE, as on a new install tracking thousands
-- of videos at once), it combined that whole index with the primary key in a BitmapAnd, reading
-- every active video's entry for each claim: 30,000 index entries per claim with 20,000 videos
-- tracked, most of PostgreSQL's time (bench throughput, issue 11). Leading with account_id, the
-- index reads only the budget's own active videos whatever the estimates say, and still serves
-- the claim's next_poll_at conditions within an account. Nothing reads the active videos of all
-- accounts in next_poll_at order, so the old index goes. Built in one transaction: the table is
-- locked against writes for the build, well under a second per 100,000 tracked videos.
CREATE INDEX tracked_video_account_due_idx ON tracked_video (account_id, next_poll_at)
    WHERE ended_at IS NULL;

DROP INDEX tracked_video_due_idx;
