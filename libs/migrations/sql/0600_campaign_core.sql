-- campaign-core (issue 8): configuration, participations, realizations, limits and the action
-- outbox. Keys of the seed JSON stay in `definition`; columns hold what queries filter on.

CREATE TABLE campaigns (
  campaign_id  integer     PRIMARY KEY,
  definition   jsonb       NOT NULL,
  -- Every goal id the rules reference, for "which campaigns does goal G trigger" (R16).
  goal_ids     integer[]   NOT NULL,
  -- Ad-hoc goals among them with their validation mode, captured from campaign-goals on save.
  adhoc_goals  jsonb       NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_goal_ids ON campaigns USING gin (goal_ids);

CREATE TABLE campaign_limits (
  limit_id    integer     PRIMARY KEY,
  definition  jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- History is kept: the latest row at an instant wins (R21).
CREATE TABLE participations (
  id           bigserial   PRIMARY KEY,
  client_id    text        NOT NULL,
  campaign_id  integer     NOT NULL,
  status       text        NOT NULL CHECK (status IN ('joined', 'exited')),
  joined_at    timestamptz NOT NULL,
  join_info    jsonb,
  recorded_by  text        NOT NULL
);
CREATE INDEX participations_client ON participations (client_id, campaign_id, joined_at, id);

-- goals.achieved inbox: realization-id makes redelivery a no-op; the rows are also the realized
-- stream goals campaign-core knows per (client, period).
CREATE TABLE campaign_goal_inbox (
  realization_id    text        PRIMARY KEY,
  client_id         text        NOT NULL,
  goal_id           integer     NOT NULL,
  stream_id         integer     NOT NULL,
  begin_date        date        NOT NULL,
  end_date          date        NOT NULL,
  begin_instant     timestamptz NOT NULL,
  end_instant       timestamptz NOT NULL,
  full_end_instant  timestamptz NOT NULL,
  elapsed           timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_goal_inbox_client ON campaign_goal_inbox (client_id, begin_instant, goal_id);

CREATE TABLE campaign_realizations (
  id                bigserial   PRIMARY KEY,
  client_id         text        NOT NULL,
  campaign_id       integer     NOT NULL,
  status            text        NOT NULL CHECK (status IN ('partially-elapsed', 'elapsed')),
  begin_date        date        NOT NULL,
  end_date          date        NOT NULL,
  begin_instant     timestamptz NOT NULL,
  end_instant       timestamptz NOT NULL,
  full_end_instant  timestamptz NOT NULL,
  completed_goals   integer[]   NOT NULL,
  earning_currency  text,
  earning_amount    numeric,
  earning_ratio     numeric,
  elapsed_at        timestamptz,
  action_result     jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, campaign_id, begin_instant)
);

-- One row per limit key (campaign x client, budget, umbrella x client x period, stacking);
-- grants reserve with a conditional UPDATE so parallel consumers never overshoot a cap.
CREATE TABLE limit_usage (
  limit_key   text    PRIMARY KEY,
  amount      numeric NOT NULL DEFAULT 0,
  ratio       numeric NOT NULL DEFAULT 0,
  times       integer NOT NULL DEFAULT 0,
  standalone  integer NOT NULL DEFAULT 0
);

-- R15: first-check ad-hoc goals that were true, per (client, campaign), for the campaign's life.
CREATE TABLE adhoc_first_check_cache (
  client_id    text        NOT NULL,
  campaign_id  integer     NOT NULL,
  goal_id      integer     NOT NULL,
  checked_at   timestamptz NOT NULL,
  PRIMARY KEY (client_id, campaign_id, goal_id)
);

CREATE TABLE action_outbox (
  id               bigserial   PRIMARY KEY,
  realization_id   bigint      NOT NULL REFERENCES campaign_realizations (id),
  client_id        text        NOT NULL,
  campaign_id      integer     NOT NULL,
  idempotency_key  text        NOT NULL UNIQUE,
  url              text        NOT NULL,
  method           text        NOT NULL,
  headers          jsonb       NOT NULL,
  body             jsonb,
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts         integer     NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_status      integer,
  last_error       text,
  body_excerpt     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_outbox_due ON action_outbox (next_attempt_at) WHERE status = 'pending';
