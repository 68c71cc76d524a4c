-- The W3C traceparent of the work that wrote an outbox row (issue 22): goals.achieved carries it
-- in a Kafka header, the action call in its `traceparent` header, so one payment is followed by
-- one trace id from its CDC record to its action call. NULL for rows written before, or by the
-- completion sweep (no record started that work).
ALTER TABLE goal_outbox ADD COLUMN traceparent text;
ALTER TABLE action_outbox ADD COLUMN traceparent text;
