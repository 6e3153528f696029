-- Several webhook endpoints, per-video callbacks, endpoint disabling and redelivery.

CREATE TABLE webhook_endpoint (
    name            text        PRIMARY KEY,
    url             text        NOT NULL,
    url_fingerprint text        NOT NULL,
    disabled_at     timestamptz,
    disabled_reason text,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT webhook_endpoint_name_format CHECK (name ~ '^[a-z0-9-]{1,32}$'),
    CONSTRAINT webhook_endpoint_url_http CHECK (url ~* '^https?://'),
    CONSTRAINT webhook_endpoint_url_fingerprint_format CHECK (url_fingerprint ~ '^[0-9a-f]{64}$'),
    CONSTRAINT webhook_endpoint_disabled_has_reason CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL))
);

COMMENT ON TABLE webhook_endpoint IS
    'The configured webhook endpoints (webhook.url is the one named default, webhook.endpoints.<name>.* the others), kept in step with the configuration at start-up. An endpoint that answers 410 Gone is disabled here until its URL changes or `stream-poller deliveries enable NAME`.';
COMMENT ON COLUMN webhook_endpoint.name IS 'Endpoint name from the configuration.';
COMMENT ON COLUMN webhook_endpoint.url IS 'Its URL as last configured, without user-info, query or fragment (they often carry tokens).';
COMMENT ON COLUMN webhook_endpoint.url_fingerprint IS 'SHA-256 (hex) of the full configured URL: a change of URL re-enables a disabled endpoint.';
COMMENT ON COLUMN webhook_endpoint.disabled_at IS 'When deliveries to it were stopped; NULL while enabled.';
COMMENT ON COLUMN webhook_endpoint.disabled_reason IS 'Why, e.g. HTTP 410 Gone.';
COMMENT ON COLUMN webhook_endpoint.updated_at IS 'When this row last changed.';

ALTER TABLE webhook_delivery ADD COLUMN endpoint text;
UPDATE webhook_delivery SET endpoint = 'default';
ALTER TABLE webhook_delivery
    ALTER COLUMN endpoint SET NOT NULL,
    ADD CONSTRAINT webhook_delivery_endpoint_format CHECK (endpoint ~ '^([a-z0-9-]{1,32}|@callback)$'),
    DROP CONSTRAINT webhook_delivery_event_id_key,
    ADD CONSTRAINT webhook_delivery_event_endpoint_key UNIQUE (event_id, endpoint);

CREATE INDEX webhook_delivery_endpoint_state_idx ON webhook_delivery (endpoint, state);

COMMENT ON COLUMN webhook_delivery.endpoint IS
    'The endpoint name this delivery goes to, or @callback for the video''s own callback_url. One event has one row per endpoint, all with the same event_id. For a named endpoint target_url is recorded without user-info or query; the configured URL is used when sending.';
COMMENT ON COLUMN webhook_delivery.event_id IS
    'Event id, sent as the webhook-id header; the same on every retry and redelivery, and for every endpoint of one event, so receivers can drop duplicates.';

ALTER TABLE tracked_video
    ADD COLUMN callback_url text,
    ADD CONSTRAINT tracked_video_callback_url_http CHECK (callback_url ~* '^https?://[^[:space:][:cntrl:]]+$');

COMMENT ON COLUMN tracked_video.callback_url IS
    'Optional per-video webhook target (track --callback-url), in addition to the configured endpoints; signed with webhook.callback-secret (or the default endpoint''s secret).';
