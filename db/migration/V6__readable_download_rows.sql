-- Rows the daemon could not read back. Every poll of a video reads its download_state rows and its
-- recent download_transition rows; a status or download type that is blank (only white space, such
-- as a tab, which the V1 checks let through) or longer than 64 characters makes that read fail, so
-- every later poll of the video fails and its transitions are never recorded. The daemon never
-- writes such values (it refuses them in the API's answer); these checks refuse them from SQL too.

ALTER TABLE download_state
    ADD CONSTRAINT download_state_type_readable
        CHECK (download_type ~ '[^[:space:]]'),
    ADD CONSTRAINT download_state_status_readable
        CHECK (status ~ '[^[:space:]]' AND length(status) <= 64);

ALTER TABLE download_transition
    ADD CONSTRAINT download_transition_status_readable
        CHECK (to_status ~ '[^[:space:]]' AND length(to_status) <= 64
               AND (from_status IS NULL
                    OR (from_status ~ '[^[:space:]]' AND length(from_status) <= 64)));
