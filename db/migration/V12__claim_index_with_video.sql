-- V11's claim index on account_id alone (WHERE ended_at IS NULL) also matched the statements that
-- find one active video by its key (the renewal of a claim before its request, the row lock that
-- records a poll, untrack): their ended_at IS NULL implies its predicate. Whenever the planner had
-- no statistics for the rows (a table filled by a bulk INSERT, until autovacuum analyzes it), every
-- estimate was one row, the smaller partial index won the tie against the primary key, and each of
-- those statements read all of the account's active entries: about 400 buffers a statement at
-- 100,000 tracked over 250 accounts instead of 5 (pg_stat_statements, bench throughput, issue 11),
-- the cost that grew with the table. Indexed on both key columns, the partial index is a point
-- lookup for them too, whichever index the planner takes; the claim, its age-cap count, the next
-- wake-up and the active count read it by account_id as before. video_uid never changes, so a
-- poll's updates stay HOT. PointLookupIT fails with V11's index.
CREATE INDEX tracked_video_active_idx ON tracked_video (account_id, video_uid)
    WHERE ended_at IS NULL;

DROP INDEX tracked_video_account_active_idx;
