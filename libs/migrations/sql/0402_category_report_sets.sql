-- category-reports: per-hour sets maintained incrementally as journey-stitcher inserts raw events
-- (same statement as the raw insert, only for events that were new), so an hour's report counts
-- these sets instead of scanning and aggregating the hour's raw events. Keys:
--   hour      = the event's UTC hour (date_trunc('hour', occurred_at, 'UTC'))
--   category  = the product's category when the row was written: products dimension, else the
--               event's (or order item's) category_id, else 'unknown'; the report checks it is
--               still right (category_report_product_sources) and otherwise reads raw events
--   person    = customer_id (the user id, or for an anonymous event its anonymous id); anonymous
--               rows are resolved through identity_links when the report runs, so a later link
--               counts as it does in the raw-event report
-- Partitioned by UTC day like raw_events; ensure/detach_raw_event_partitions keep them in step.

-- Distinct (category, product, person) with their number of views.
CREATE TABLE category_view_sets (
  hour        timestamptz      NOT NULL,
  anonymous   boolean          NOT NULL,
  category_id text COLLATE "C" NOT NULL,
  product_id  text COLLATE "C" NOT NULL,
  person      text COLLATE "C" NOT NULL,
  views       bigint           NOT NULL,
  PRIMARY KEY (hour, anonymous, category_id, product_id, person)
) PARTITION BY RANGE (hour);

-- Per (category, product): identified persons new to the product's view set, and views. Rows
-- are split by `shard` (the writing backend's pid mod 64) so concurrent stitcher transactions,
-- which hold these row locks until they commit, do not queue on one hot row; the report sums.
CREATE TABLE category_product_view_counts (
  hour        timestamptz      NOT NULL,
  category_id text COLLATE "C" NOT NULL,
  product_id  text COLLATE "C" NOT NULL,
  shard       smallint         NOT NULL,
  viewers     bigint           NOT NULL,
  views       bigint           NOT NULL,
  PRIMARY KEY (hour, category_id, product_id, shard)
) PARTITION BY RANGE (hour);

-- Per category: identified persons new to the category's viewer set (sharded as above).
CREATE TABLE category_viewer_counts (
  hour        timestamptz      NOT NULL,
  category_id text COLLATE "C" NOT NULL,
  shard       smallint         NOT NULL,
  viewers     bigint           NOT NULL,
  PRIMARY KEY (hour, category_id, shard)
) PARTITION BY RANGE (hour);

-- Distinct (category, person) who viewed: the conversion report's viewers.
CREATE TABLE category_viewer_sets (
  hour        timestamptz      NOT NULL,
  anonymous   boolean          NOT NULL,
  category_id text COLLATE "C" NOT NULL,
  person      text COLLATE "C" NOT NULL,
  PRIMARY KEY (hour, anonymous, category_id, person)
) PARTITION BY RANGE (hour);

-- Distinct (category, product, person, order) with the units of the order's lines of the
-- product; order_key = coalesce(order_id, event_id) as in the raw-event report.
CREATE TABLE category_purchase_sets (
  hour        timestamptz      NOT NULL,
  anonymous   boolean          NOT NULL,
  category_id text COLLATE "C" NOT NULL,
  product_id  text COLLATE "C" NOT NULL,
  person      text COLLATE "C" NOT NULL,
  order_key   text COLLATE "C" NOT NULL,
  units       bigint           NOT NULL,
  PRIMARY KEY (hour, anonymous, category_id, product_id, person, order_key)
) PARTITION BY RANGE (hour);

-- Which category each (product, event category) was filed under in the hour ('' = the event had
-- none). The report compares it with today's resolution; a difference (a catalogue load, a newer
-- category fact) sends that period to the raw-event statement, which is always exact.
CREATE TABLE category_report_product_sources (
  hour            timestamptz      NOT NULL,
  product_id      text COLLATE "C" NOT NULL,
  source_category text COLLATE "C" NOT NULL,
  category_id     text COLLATE "C" NOT NULL,
  PRIMARY KEY (hour, product_id, source_category, category_id)
) PARTITION BY RANGE (hour);

-- Hour ranges [from_hour, to_hour) whose sets hold every raw event: from the hour after this
-- migration (the stitcher writes them from then on) and every hour a backfill rebuilt from raw
-- events. Outside them the report reads raw events.
CREATE TABLE category_report_set_coverage (
  from_hour timestamptz NOT NULL,
  to_hour   timestamptz NOT NULL,
  PRIMARY KEY (from_hour, to_hour),
  CHECK (to_hour > from_hour)
);
INSERT INTO category_report_set_coverage
VALUES (date_trunc('hour', now(), 'UTC') + interval '1 hour', 'infinity');

CREATE TABLE category_view_sets_default PARTITION OF category_view_sets DEFAULT;
CREATE TABLE category_viewer_sets_default PARTITION OF category_viewer_sets DEFAULT;
CREATE TABLE category_purchase_sets_default PARTITION OF category_purchase_sets DEFAULT;
CREATE TABLE category_report_product_sources_default PARTITION OF category_report_product_sources DEFAULT;
CREATE TABLE category_product_view_counts_default PARTITION OF category_product_view_counts DEFAULT;
CREATE TABLE category_viewer_counts_default PARTITION OF category_viewer_counts DEFAULT;

-- The daily partitions of the set tables for [from_day, to_day] that do not exist yet.
CREATE FUNCTION ensure_category_report_set_partitions(from_day date, to_day date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  parent text;
  day    date;
  name   text;
  lo     timestamptz;
  hi     timestamptz;
BEGIN
  FOREACH parent IN ARRAY ARRAY['category_view_sets', 'category_viewer_sets',
                                'category_purchase_sets', 'category_report_product_sources',
                                'category_product_view_counts', 'category_viewer_counts'] LOOP
    FOR day IN SELECT generate_series(from_day, to_day, interval '1 day')::date LOOP
      name := parent || '_p' || to_char(day, 'YYYYMMDD');
      CONTINUE WHEN to_regclass(name) IS NOT NULL;
      lo := day::timestamp AT TIME ZONE 'UTC';
      hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
      EXECUTE format(
        'WITH moved AS (DELETE FROM %I WHERE hour >= %L AND hour < %L RETURNING *)
         INSERT INTO %I SELECT * FROM moved', parent || '_default', lo, hi, name);
      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
        parent, name, lo, hi);
      RETURN NEXT name;
    END LOOP;
  END LOOP;
END $$;

-- Detaches the set partitions of the days before `before_day` (with their raw-event day).
CREATE FUNCTION detach_category_report_set_partitions(before_day date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  part text;
BEGIN
  FOR part IN
    SELECT c.relname FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname IN ('category_view_sets', 'category_viewer_sets', 'category_purchase_sets',
                        'category_report_product_sources', 'category_product_view_counts',
                        'category_viewer_counts')
      AND c.relname ~ '_p[0-9]{8}$'
      AND to_date(right(c.relname, 8), 'YYYYMMDD') < before_day
    ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE %I DETACH PARTITION %I',
      (SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
        WHERE i.inhrelid = part::regclass), part);
    RETURN NEXT part;
  END LOOP;
END $$;

-- The raw-event partition functions of 0100 also keep the set tables' days in step; they still
-- return only the raw_events partitions (their callers' contract).
CREATE OR REPLACE FUNCTION ensure_raw_event_partitions(from_day date, to_day date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  day  date;
  name text;
  lo   timestamptz;
  hi   timestamptz;
BEGIN
  PERFORM ensure_category_report_set_partitions(from_day, to_day);
  FOR day IN SELECT generate_series(from_day, to_day, interval '1 day')::date LOOP
    name := raw_event_partition_name(day);
    CONTINUE WHEN to_regclass(name) IS NOT NULL;
    lo := day::timestamp AT TIME ZONE 'UTC';
    hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
    EXECUTE format('CREATE TABLE %I (LIKE raw_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format(
      'WITH moved AS (DELETE FROM raw_events_default WHERE occurred_at >= %L AND occurred_at < %L RETURNING *)
       INSERT INTO %I SELECT * FROM moved', lo, hi, name);
    EXECUTE format('ALTER TABLE raw_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
      name, lo, hi);
    RETURN NEXT name;
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION detach_raw_event_partitions(keep_days int, today date DEFAULT (now() AT TIME ZONE 'UTC')::date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  part text;
BEGIN
  IF keep_days < 1 THEN
    RAISE EXCEPTION 'keep_days must be at least 1, got %', keep_days;
  END IF;
  PERFORM detach_category_report_set_partitions(today - keep_days);
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

-- The same days as 0100 creates for raw_events; sets of older days (a backfill's rebuild) land in
-- the default partitions until ensure_raw_event_partitions creates their day (one partition per
-- table and day in one transaction would exhaust the lock table on a long-lived warehouse).
SELECT ensure_category_report_set_partitions(
  ((now() AT TIME ZONE 'UTC')::date - 1),
  ((now() AT TIME ZONE 'UTC')::date + 7));
