-- journey-stitcher: one row per completed order (MISSION A2) and the non-converting paths the
-- data-driven models need. Both are derived: a rebuild from raw_events reproduces them.
CREATE TABLE customer_journeys (
  journey_id       text COLLATE "C" PRIMARY KEY,  -- 'j:' || order_id
  customer_id      text COLLATE "C" NOT NULL,
  order_id         text COLLATE "C" NOT NULL UNIQUE,
  converted_at     timestamptz NOT NULL,
  revenue          numeric     NOT NULL,
  currency         char(3)     NOT NULL,
  -- ordered array of {channel, campaign, type, occurred_at, event_id}
  touchpoints      jsonb       NOT NULL,
  channel_path     text[]      NOT NULL,
  touchpoint_count int         NOT NULL CHECK (touchpoint_count >= 0),
  first_touch_at   timestamptz,
  last_touch_at    timestamptz,
  stitched_at      timestamptz NOT NULL,
  version          int         NOT NULL DEFAULT 1,
  CHECK (touchpoint_count = cardinality(channel_path))
);
CREATE INDEX customer_journeys_converted_idx ON customer_journeys (converted_at);
CREATE INDEX customer_journeys_customer_idx ON customer_journeys (customer_id, converted_at);

CREATE TABLE non_converting_paths (
  path_id          text COLLATE "C" PRIMARY KEY,  -- 'n:' || customer_id || ':' || window_start
  customer_id      text COLLATE "C" NOT NULL,
  window_start     timestamptz NOT NULL,
  window_end       timestamptz NOT NULL,
  touchpoints      jsonb       NOT NULL,
  channel_path     text[]      NOT NULL,
  touchpoint_count int         NOT NULL CHECK (touchpoint_count > 0),
  swept_at         timestamptz NOT NULL,
  CHECK (window_end > window_start)
);
CREATE INDEX non_converting_paths_window_idx ON non_converting_paths (window_start);
CREATE INDEX non_converting_paths_customer_idx ON non_converting_paths (customer_id);
