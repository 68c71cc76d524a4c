-- campaign-goals (MISSION C1-C4, CAMPAIGN-RULES R1-R15): configuration, stream data, the ledger
-- of every record seen, goal realizations, the goals.achieved outbox, FX rates, ad-hoc call log.

-- Definitions are kept exactly as posted (kebab-case JSON); ids are compared as text.
CREATE TABLE stream_definitions (
  stream_id  text COLLATE "C" PRIMARY KEY,
  definition jsonb       NOT NULL,
  version    int         NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE goal_definitions (
  goal_id    text COLLATE "C" PRIMARY KEY,
  source     text        NOT NULL CHECK (source IN ('stream', 'adhoc')),
  stream_id  text COLLATE "C" REFERENCES stream_definitions (stream_id),
  definition jsonb       NOT NULL,
  version    int         NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'stream') = (stream_id IS NOT NULL))
);
CREATE INDEX goal_definitions_stream_idx ON goal_definitions (stream_id);

-- C2 stream data: one row per (Client, Stream, Begin, End); the dates as the seed shows them and
-- the exact instants (R1, R2).
CREATE TABLE stream_data (
  client_id        text COLLATE "C" NOT NULL,
  stream_id        text COLLATE "C" NOT NULL,
  begin_instant    timestamptz NOT NULL,
  end_instant      timestamptz NOT NULL,
  begin_date       date        NOT NULL,
  end_date         date        NOT NULL,
  full_end_instant timestamptz NOT NULL,
  full_end_date    date        NOT NULL,
  state            text        NOT NULL CHECK (state IN ('in-progress', 'completed')),
  currency         char(3)     NOT NULL,
  amount           numeric     NOT NULL,
  times            int         NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz,
  PRIMARY KEY (client_id, stream_id, begin_instant, end_instant),
  CHECK (end_instant > begin_instant AND full_end_instant >= end_instant)
);
-- The sweep's work list (R7).
CREATE INDEX stream_data_due_idx ON stream_data (full_end_instant) WHERE state = 'in-progress';

-- R8 idempotency: one mark per (stream, record identity). Kept apart from the ledger because a
-- unique key on a time-partitioned table must contain the partition key, and a redelivered
-- record is not guaranteed to carry the same time.
CREATE TABLE stream_record_identities (
  stream_id   text COLLATE "C" NOT NULL,
  identity    text COLLATE "C" NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, identity)
);

-- Every record seen (applied or not), so every figure is auditable. Partitioned by the month it
-- was recorded (wall clock); ensure_stream_ledger_partition creates months ahead of time and the
-- DEFAULT partition catches anything else.
CREATE TABLE stream_ledger (
  ledger_id          bigint GENERATED ALWAYS AS IDENTITY,
  stream_id          text COLLATE "C" NOT NULL,
  identity           text COLLATE "C" NOT NULL,
  source_topic       text        NOT NULL,
  source_partition   int         NOT NULL,
  source_offset      bigint      NOT NULL,
  record_id          text COLLATE "C",
  reference          text COLLATE "C",
  source_type        text        NOT NULL CHECK (source_type IN ('add', 'subtract')),
  client_id          text COLLATE "C" NOT NULL,
  event_time         timestamptz NOT NULL,
  original_amount    numeric     NOT NULL,
  original_currency  char(3)     NOT NULL,
  fx_rate            numeric     NOT NULL,
  converted_amount   numeric     NOT NULL,
  target_currency    char(3)     NOT NULL,
  applied            boolean     NOT NULL,
  -- The period applied to, or (when not applied) the period it was meant for, if known.
  period_begin_instant timestamptz,
  period_end_instant   timestamptz,
  reason             text CHECK (reason IN ('late-add', 'late-subtract', 'unknown-reference')),
  detail             text,
  recorded_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ledger_id, recorded_at),
  CHECK (applied = (reason IS NULL))
) PARTITION BY RANGE (recorded_at);
CREATE TABLE stream_ledger_default PARTITION OF stream_ledger DEFAULT;
CREATE INDEX stream_ledger_row_idx
  ON stream_ledger (client_id, stream_id, period_begin_instant);
CREATE INDEX stream_ledger_late_idx ON stream_ledger (recorded_at) WHERE NOT applied;
CREATE INDEX stream_ledger_record_idx ON stream_ledger (stream_id, record_id)
  WHERE record_id IS NOT NULL;

-- Creates the monthly partition holding `at` if it is missing. Called at start and by the sweep
-- for this month and the next, so the DEFAULT partition normally stays empty.
CREATE FUNCTION ensure_stream_ledger_partition(at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  month_start timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  name text := 'stream_ledger_' || to_char(at AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF stream_ledger FOR VALUES FROM (%L) TO (%L)',
      name, month_start, month_start + interval '1 month');
  END IF;
END $$;

-- C3 goal realizations (stream goals only, R13); once per (client, goal, period) (R11).
CREATE TABLE goal_realizations (
  realization_id   text COLLATE "C" PRIMARY KEY,
  client_id        text COLLATE "C" NOT NULL,
  goal_id          text COLLATE "C" NOT NULL,
  stream_id        text COLLATE "C" NOT NULL,
  trigger          text        NOT NULL CHECK (trigger IN ('when-reach', 'after-full-end')),
  elapsed          timestamptz NOT NULL,
  begin_instant    timestamptz NOT NULL,
  end_instant      timestamptz NOT NULL,
  begin_date       date        NOT NULL,
  end_date         date        NOT NULL,
  full_end_instant timestamptz NOT NULL,
  value            numeric     NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, goal_id, begin_instant)
);

-- goals.achieved messages written with the realization, published by the relay (at least once).
CREATE TABLE goal_outbox (
  outbox_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  realization_id text COLLATE "C" NOT NULL UNIQUE,
  message_key    text        NOT NULL,
  payload        jsonb       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sent_at        timestamptz
);
CREATE INDEX goal_outbox_pending_idx ON goal_outbox (outbox_id) WHERE sent_at IS NULL;

-- R9 rate table: units of to_currency per unit of from_currency on a local date.
CREATE TABLE fx_rates (
  from_currency char(3)     NOT NULL,
  to_currency   char(3)     NOT NULL,
  rate_date     date        NOT NULL,
  rate          numeric     NOT NULL CHECK (rate > 0),
  source        text        NOT NULL DEFAULT 'table',
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (from_currency, to_currency, rate_date)
);

-- R13: every ad-hoc call and its outcome.
CREATE TABLE adhoc_calls (
  call_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  goal_id     text COLLATE "C" NOT NULL,
  client_id   text COLLATE "C" NOT NULL,
  url         text        NOT NULL,
  status      int,
  result      boolean     NOT NULL,
  reason      text,
  attempts    int         NOT NULL,
  duration_ms int         NOT NULL,
  called_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX adhoc_calls_client_idx ON adhoc_calls (client_id, goal_id, called_at);

-- R4 replay clock, one row; forward only (enforced by the update's condition).
CREATE TABLE replay_clock (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  now        timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO replay_clock (id, now) VALUES (true, 'epoch');
