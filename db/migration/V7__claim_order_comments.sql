-- The claim order of issue 12 (docs/polling.md): an age guarantee, work conservation and polls
-- ranked by their odds. Only the column comments change; the claim itself is in
-- TrackedVideoRepository.

COMMENT ON COLUMN tracked_video.next_poll_at IS
    'When the poll policy wants the next poll (the predicted moment, a probe, a backoff). Due videos are claimed by next_poll_at minus poll_urgency * 1 hour; while tokens remain, a video last polled at least poll.min-interval ago and not failing may be claimed earlier, and one unpolled for longer than the round-robin cycle goes first.';

COMMENT ON COLUMN tracked_video.poll_urgency IS
    'The probability (0..1), as the poll policy estimates it, that the poll at next_poll_at finds a download over: from the progress model when there is a prediction, from the age otherwise. New tracks and probes start at 0.45.';
