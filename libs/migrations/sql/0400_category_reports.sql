-- category-reports: hourly category-management reports (MISSION B1), one run per
-- (period_kind, period_start). A rerun replaces its run row; the rows cascade.
CREATE TABLE category_report_runs (
  period_kind        text        NOT NULL,
  period_start       timestamptz NOT NULL,
  period_end         timestamptz NOT NULL,
  generated_at       timestamptz NOT NULL,
  top_viewed_rows    integer     NOT NULL,
  top_purchased_rows integer     NOT NULL,
  conversion_rows    integer     NOT NULL,
  PRIMARY KEY (period_kind, period_start),
  CHECK (period_end > period_start)
);
CREATE INDEX category_report_runs_start_idx ON category_report_runs (period_start DESC);

-- One table for both top lists ('viewed', 'purchased'); rank is 1..N with ties already broken.
CREATE TABLE category_top_products (
  period_kind    text        NOT NULL,
  period_start   timestamptz NOT NULL,
  list           text        NOT NULL CHECK (list IN ('viewed', 'purchased')),
  category_id    text COLLATE "C" NOT NULL,
  rank           integer     NOT NULL CHECK (rank >= 1),
  product_id     text COLLATE "C" NOT NULL,
  distinct_users integer     NOT NULL,
  events         integer     NOT NULL,
  units          bigint,
  PRIMARY KEY (period_kind, period_start, list, category_id, rank),
  FOREIGN KEY (period_kind, period_start) REFERENCES category_report_runs ON DELETE CASCADE
);

CREATE TABLE category_conversion (
  period_kind     text        NOT NULL,
  period_start    timestamptz NOT NULL,
  category_id     text COLLATE "C" NOT NULL,
  viewers         integer     NOT NULL,
  buyers          integer     NOT NULL,
  -- buyers / viewers rounded to 4 places; NULL when nobody viewed (no meaningful ratio).
  purchase_view_ratio numeric(12, 4),
  PRIMARY KEY (period_kind, period_start, category_id),
  FOREIGN KEY (period_kind, period_start) REFERENCES category_report_runs ON DELETE CASCADE
);

-- The reports read one hour of views and orders; without this they scan whole day partitions.
CREATE INDEX raw_events_type_time_idx ON raw_events (type, occurred_at);
