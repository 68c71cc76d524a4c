-- attribution-engine: run history (MISSION A5). One row per run, nightly or on demand; the
-- options are the run's identity (options_key is their canonical hash, also the cache key).
CREATE TABLE attribution_runs (
  run_id       text COLLATE "C" PRIMARY KEY,
  trigger      text        NOT NULL CHECK (trigger IN ('schedule', 'http', 'cli')),
  status       text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  options      jsonb       NOT NULL,
  options_key  text        NOT NULL,
  date_from    date        NOT NULL,
  date_to      date        NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  diagnostics  jsonb,
  error        jsonb,
  CHECK (date_to >= date_from),
  CHECK ((status = 'running') = (finished_at IS NULL))
);
-- The read side's fallback asks for the newest succeeded run.
CREATE INDEX attribution_runs_succeeded_idx ON attribution_runs (finished_at DESC, run_id DESC)
  WHERE status = 'succeeded';
CREATE INDEX attribution_runs_started_idx ON attribution_runs (started_at DESC);

-- Every model's result of a run, as the JSON the cache serves.
CREATE TABLE attribution_results (
  run_id     text COLLATE "C" NOT NULL REFERENCES attribution_runs ON DELETE CASCADE,
  model      text        NOT NULL,
  result     jsonb       NOT NULL,
  runtime_ms numeric     NOT NULL CHECK (runtime_ms >= 0),
  PRIMARY KEY (run_id, model)
);
