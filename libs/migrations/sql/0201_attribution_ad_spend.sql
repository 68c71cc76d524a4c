-- attribution-engine: optional ad spend per channel (or campaign, for the campaign dimension)
-- and day, fed by the load-spend CLI; a run sums it over its date range for cost and ROAS.
CREATE TABLE attribution_ad_spend (
  channel    text        NOT NULL,
  day        date        NOT NULL,
  cost       numeric     NOT NULL CHECK (cost >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, day)
);
CREATE INDEX attribution_ad_spend_day_idx ON attribution_ad_spend (day);
