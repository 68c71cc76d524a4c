-- Idempotency marks for consumers whose effect is not naturally keyed by event id: a consumer
-- inserts (consumer, message_key) in the same transaction as its effect.
CREATE TABLE processed_messages (
  consumer     text        NOT NULL,
  message_key  text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_key)
);
