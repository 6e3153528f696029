-- Issue 12: due videos are claimed by the expected detection delay a poll at claim time would end,
-- E[(t - T)+] for a download ending at T (docs/polling.md, "Claim order"), computed in the claim
-- from what the poll policy believes about each video's completion (CompletionModel): a
-- predicted time with a spread, or only the age of the download at the last poll. The columns are
-- not indexed, so a poll's update stays HOT.

ALTER TABLE tracked_video
    ADD COLUMN model_predicted_at timestamptz,
    ADD COLUMN model_spread_s double precision,
    ADD COLUMN model_age_s double precision DEFAULT 60,
    ADD CONSTRAINT tracked_video_model_spread_positive
        CHECK (model_spread_s > 0 AND model_spread_s < 'Infinity'),
    ADD CONSTRAINT tracked_video_model_age_not_negative
        CHECK (model_age_s >= 0 AND model_age_s < 'Infinity'),
    ADD CONSTRAINT tracked_video_model_prediction_complete
        CHECK ((model_predicted_at IS NULL) = (model_spread_s IS NULL)),
    ADD CONSTRAINT tracked_video_model_one_kind
        CHECK (model_predicted_at IS NULL OR model_age_s IS NULL);

COMMENT ON COLUMN tracked_video.model_predicted_at IS
    'When the poll policy predicts the open download ends, from its progress; with model_spread_s. NULL when there is no usable prediction (then model_age_s) or no open download (both NULL).';
COMMENT ON COLUMN tracked_video.model_spread_s IS
    'One standard deviation of model_predicted_at, in seconds (the completion is taken as normal around it). Set exactly when model_predicted_at is.';
COMMENT ON COLUMN tracked_video.model_age_s IS
    'When there is no prediction: how long, in seconds, the open download is taken to have run at the last poll (or track), counted from a minute before it was tracked; durations are taken as heavy-tailed, so the longer it has run the longer it is expected to run. New tracks start at 60, as if started a minute before they were seen.';
COMMENT ON COLUMN tracked_video.poll_urgency IS
    'The probability (0..1), as the poll policy estimates it, that the poll at next_poll_at finds a download over: from the progress model when there is a prediction, from the age otherwise. Informational: the claim ranks by expected_detection_delay. New tracks and probes start at 0.45.';
COMMENT ON COLUMN tracked_video.next_poll_at IS
    'When the poll policy wants the next poll (the predicted moment, a probe, a backoff). Due videos are claimed by expected_detection_delay, greatest first; while tokens remain, a video last polled at least poll.min-interval ago and not failing may be claimed earlier. Before either, the oldest videos get the tokens they need for every video to be polled within the round-robin cycle of its last poll (earliest deadline first).';

-- The standard normal distribution function, Abramowitz and Stegun 7.1.26 (error < 1.5e-7), as
-- CompletionModel.normalCdf computes it: 1 - t (a1 + t (a2 + ...)) exp(-x^2) is erf(x) for x >= 0,
-- t = 1 / (1 + p x), written out in full (t five times) so that the planner inlines the whole
-- function into the claim: a helper function taking t was called per row, ten times the cost.
CREATE FUNCTION normal_cdf(z double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT 0.5 * (1 + CASE WHEN z >= 0 THEN 1 ELSE -1 END
                      * (1 - (1 / (1 + 0.3275911 * abs(z) / sqrt(2)))
                             * (0.254829592 + (1 / (1 + 0.3275911 * abs(z) / sqrt(2)))
                                * (-0.284496736 + (1 / (1 + 0.3275911 * abs(z) / sqrt(2)))
                                   * (1.421413741 + (1 / (1 + 0.3275911 * abs(z) / sqrt(2)))
                                      * (-1.453152027 + (1 / (1 + 0.3275911 * abs(z) / sqrt(2)))
                                         * 1.061405429))))
                             * exp(-z * z / 2)))
$$;

-- s (z Phi(c) + phi(c)), c = z clamped to +-37: beyond it PostgreSQL's exp raises an underflow
-- error, and Phi and phi are 0 or 1 to double precision anyway.
CREATE FUNCTION expected_delay_predicted(z double precision, spread_s double precision)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT GREATEST(0, spread_s * (z * normal_cdf(GREATEST(-37, LEAST(37, z)))
                                   + exp(-GREATEST(-37, LEAST(37, z)) * GREATEST(-37, LEAST(37, z))
                                         / 2) / sqrt(2 * pi())))
$$;

-- d - a ln(1 + d / a), d when a = 0: the heavy-tailed (Lindy) estimate, d seconds after a poll
-- of a download that had run a seconds.
CREATE FUNCTION expected_delay_by_age(age_s double precision, d double precision)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN age_s = 0 THEN d ELSE GREATEST(0, d - age_s * ln(1 + d / age_s)) END
$$;

CREATE FUNCTION expected_detection_delay(
        predicted_at timestamptz, spread_s double precision, age_s double precision,
        since timestamptz, at timestamptz)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
             WHEN predicted_at IS NOT NULL THEN expected_delay_predicted(
                 date_part('epoch', at - predicted_at) / spread_s, spread_s)
             WHEN age_s IS NOT NULL THEN expected_delay_by_age(
                 age_s, GREATEST(0, date_part('epoch', at - since)))
           END
$$;

COMMENT ON FUNCTION expected_detection_delay(timestamptz, double precision, double precision, timestamptz, timestamptz) IS
    'The expected detection delay, in seconds, of a poll at "at" of a video last polled (or tracked) at "since", from its completion model (the model_* columns): how long its download has been over, on average, if it is over. NULL when there is no open download. The claim takes due videos greatest first; CompletionModel.expectedDelaySeconds computes the same.';
