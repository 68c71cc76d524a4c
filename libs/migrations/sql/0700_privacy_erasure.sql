-- Erasure and access (KVKK/GDPR, docs/privacy.md). None of these tables holds a person id in
-- clear except erasure_subjects, which exists only while an erasure runs.

-- The audit: who asked, when, why (a closed list, never free text), what each step removed.
-- subject_hash is the HMAC of the requested id: it finds a running erasure of the same customer
-- without naming them.
CREATE TABLE erasures (
  erasure_id       text COLLATE "C" PRIMARY KEY,
  subject_kind     text        NOT NULL CHECK (subject_kind IN ('user_id', 'anonymous_id')),
  subject_hash     text        NOT NULL,
  reason           text        NOT NULL,
  requested_by     text        NOT NULL,
  payout_retention text        NOT NULL CHECK (payout_retention IN ('keep', 'pseudonymise')),
  status           text        NOT NULL CHECK (status IN ('running', 'completed')),
  -- step name -> {"done": true, "counts": {...}, "finished_at": "..."}; a restart resumes at the
  -- first step without a mark.
  steps            jsonb       NOT NULL DEFAULT '{}',
  requested_at     timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  completed_at     timestamptz,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE UNIQUE INDEX erasures_running_subject_idx ON erasures (subject_hash) WHERE status = 'running';
CREATE INDEX erasures_requested_idx ON erasures (requested_at DESC);

-- The ids an erasure resolved (the customer and every id identity links tie to them), kept only
-- until its last step so a resumed run erases the same set; that step deletes the row.
CREATE TABLE erasure_subjects (
  erasure_id text COLLATE "C" PRIMARY KEY REFERENCES erasures ON DELETE CASCADE,
  ids        text[] NOT NULL CHECK (cardinality(ids) > 0)
);

-- Erased ids (HMAC-SHA256 under ERASURE_HMAC_SECRET), consulted by the stitcher so a redelivery
-- of events that occurred up to erased_at stores nothing; kept until the events topic's
-- retention has passed (expires_at), after which Kafka no longer holds such events.
CREATE TABLE erasure_suppressions (
  id_hash    text COLLATE "C" PRIMARY KEY,
  erased_at  timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX erasure_suppressions_expiry_idx ON erasure_suppressions (expires_at);
