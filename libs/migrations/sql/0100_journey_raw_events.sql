-- journey-stitcher: the raw events warehouse (MISSION A1), one row per event of `events.raw`.
-- Partitioned by UTC day on occurred_at. The primary key must contain the partition key, so
-- idempotency is (event_id, occurred_at): the contract makes event_id unique and a redelivery
-- carries the same occurred_at, so INSERT ... ON CONFLICT DO NOTHING drops it (see the README).
-- Ids use COLLATE "C" so that ORDER BY event_id is byte order, as the TypeScript oracle does.
CREATE TABLE raw_events (
  event_id     text COLLATE "C" NOT NULL,
  type         text          NOT NULL,
  occurred_at  timestamptz   NOT NULL,
  received_at  timestamptz   NOT NULL,
  customer_id  text COLLATE "C" NOT NULL,
  user_id      text COLLATE "C",
  anonymous_id text COLLATE "C",
  session_id   text,
  platform     text,
  channel      text          NOT NULL,
  campaign     text,
  product_id   text COLLATE "C",
  category_id  text COLLATE "C",
  order_id     text COLLATE "C",
  revenue      numeric,
  currency     char(3),
  payload      jsonb         NOT NULL,
  PRIMARY KEY (event_id, occurred_at),
  CHECK (customer_id = coalesce(user_id, anonymous_id))
) PARTITION BY RANGE (occurred_at);

-- Stitching reads one customer's events in a time range; anonymous-only events have
-- customer_id = anonymous_id, so this index also serves identity joins.
CREATE INDEX raw_events_customer_idx ON raw_events (customer_id, occurred_at);
CREATE INDEX raw_events_order_idx ON raw_events (order_id) WHERE order_id IS NOT NULL;

-- Nothing is ever rejected for lack of a partition; ensure_raw_event_partitions moves such rows
-- out when it creates their day.
CREATE TABLE raw_events_default PARTITION OF raw_events DEFAULT;

CREATE FUNCTION raw_event_partition_name(day date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'raw_events_p' || to_char(day, 'YYYYMMDD') $$;

-- Creates the daily partitions of [from_day, to_day] that do not exist yet; returns their names.
CREATE FUNCTION ensure_raw_event_partitions(from_day date, to_day date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  day  date;
  name text;
  lo   timestamptz;
  hi   timestamptz;
BEGIN
  FOR day IN SELECT generate_series(from_day, to_day, interval '1 day')::date LOOP
    name := raw_event_partition_name(day);
    CONTINUE WHEN to_regclass(name) IS NOT NULL;
    lo := day::timestamp AT TIME ZONE 'UTC';
    hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
    -- A day that already has rows in the default partition cannot be created over them.
    EXECUTE format('CREATE TABLE %I (LIKE raw_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format(
      'WITH moved AS (DELETE FROM raw_events_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *)
       INSERT INTO %I SELECT * FROM moved', lo, hi, name);
    EXECUTE format('ALTER TABLE raw_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
      name, lo, hi);
    RETURN NEXT name;
  END LOOP;
END $$;

-- Detaches (never drops) the daily partitions whose whole day is older than keep_days before
-- today; ops archive or drop the detached tables. Returns their names.
CREATE FUNCTION detach_raw_event_partitions(keep_days int, today date DEFAULT (now() AT TIME ZONE 'UTC')::date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  part text;
BEGIN
  IF keep_days < 1 THEN
    RAISE EXCEPTION 'keep_days must be at least 1, got %', keep_days;
  END IF;
  FOR part IN
    SELECT c.relname FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'raw_events'::regclass
      AND c.relname ~ '^raw_events_p[0-9]{8}$'
      AND to_date(substr(c.relname, 13), 'YYYYMMDD') < today - keep_days
    ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE raw_events DETACH PARTITION %I', part);
    RETURN NEXT part;
  END LOOP;
END $$;

SELECT ensure_raw_event_partitions(
  ((now() AT TIME ZONE 'UTC')::date - 1),
  ((now() AT TIME ZONE 'UTC')::date + 7));
