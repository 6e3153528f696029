-- Predictive polling inside one request budget per Cloudflare credential, shared by all instances.

ALTER TABLE tracked_video
    ADD COLUMN poll_urgency double precision NOT NULL DEFAULT 0.45,
    ADD CONSTRAINT tracked_video_poll_urgency_range CHECK (poll_urgency BETWEEN 0 AND 1);

COMMENT ON COLUMN tracked_video.poll_urgency IS
    'How likely the next poll is to find a finished download (0..1), set by the poll policy. When the budget is short, due videos are claimed in order of next_poll_at minus poll_urgency * 1 hour, so a predicted completion goes before a backlog of first polls. New tracks start at 0.45.';

CREATE TABLE request_budget (
    credential_id     text             PRIMARY KEY,
    tokens            double precision NOT NULL,
    capacity          double precision NOT NULL,
    refill_per_second double precision NOT NULL,
    updated_at        timestamptz      NOT NULL,
    CONSTRAINT request_budget_credential_id_format CHECK (credential_id ~ '^(token|key):[^[:cntrl:]]{1,200}$'),
    CONSTRAINT request_budget_capacity_positive CHECK (capacity >= 1),
    CONSTRAINT request_budget_refill_positive CHECK (refill_per_second > 0),
    CONSTRAINT request_budget_tokens_range CHECK (tokens >= 0 AND tokens <= capacity)
);

COMMENT ON TABLE request_budget IS
    'One token bucket per Cloudflare credential (the API limit is per user), shared by every instance: each poll takes one token right before its request, under the row lock. capacity + refill_per_second * 300 never exceeds cloudflare.rate-limit.requests-per-5-minutes, so no 5-minute window holds more requests than the budget.';
COMMENT ON COLUMN request_budget.credential_id IS 'token:<first 16 hex digits of the SHA-256 of the API token> or key:<e-mail of the global API key>; never the secret itself.';
COMMENT ON COLUMN request_budget.tokens IS 'Requests that may be sent now, as of updated_at.';
COMMENT ON COLUMN request_budget.capacity IS 'Largest burst: the bucket never holds more tokens.';
COMMENT ON COLUMN request_budget.refill_per_second IS 'Tokens added per second.';
COMMENT ON COLUMN request_budget.updated_at IS 'When tokens was last computed (refills are applied lazily from this time).';
