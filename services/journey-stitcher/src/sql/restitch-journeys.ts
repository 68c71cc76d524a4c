import { scopeCustomers, type RestitchScope } from '../domain/restitch-windows';
import type { StitchingPolicy } from '../domain/stitching-policy';
import { LOOKBACK, RESOLVED_EVENTS, policyParams, upsertJourneysSql } from './journey-sql';

/*
 * The streaming path, in three statements of one transaction:
 * 1. RESTITCH_EVENTS_TABLE_SQL: a temporary table (dropped at COMMIT) for the scope's events.
 * 2. COLLECT_RESTITCH_EVENTS_SQL fills it; then ANALYZE it (RESTITCH_EVENTS_ANALYZE_SQL).
 * 3. RESTITCH_JOURNEYS_SQL stitches from it.
 * One statement did all three before, but the planner estimated one row for the lateral lookups
 * and joined purchases to touchpoints by nested loop: 8k purchases x 24k touchpoints took 132 s
 * on a backfill-shaped batch instead of 0.6 s. A real, analyzed table gives it the row counts.
 */
export const RESTITCH_EVENTS_TABLE = 'journey_restitch_events';

export const RESTITCH_EVENTS_TABLE_SQL = `
CREATE TEMPORARY TABLE IF NOT EXISTS ${RESTITCH_EVENTS_TABLE} ON COMMIT DROP AS
${RESOLVED_EVENTS} WITH NO DATA`;

export const RESTITCH_EVENTS_ANALYZE_SQL = `ANALYZE ${RESTITCH_EVENTS_TABLE}`;

/** One window per customer, from the CustomerWindow arrays at parameters $n, $n+1, $n+2. */
const scopeCte = (n: number) => `scope AS (
  SELECT customer_id, min(from_at) AS from_at, max(to_at) AS to_at
  FROM unnest($${n}::text[], $${n + 1}::timestamptz[], $${n + 2}::timestamptz[]) AS s(customer_id, from_at, to_at)
  GROUP BY customer_id
)`;

/**
 * How the scope's events are read. `lookup`: the planner's choice, in practice an index scan on
 * (customer_id, occurred_at) per customer key (live traffic: few customers). `scan`: hash joins
 * over the days the windows span, for batches that touch thousands of customers over weeks (a
 * backfill or a replay): the row estimates of the per-key reads are far too low there, and one
 * index probe per key and day partition costs more than reading those days once.
 */
export type CollectMode = 'lookup' | 'scan';

/** Above this many customers a batch uses the `scan` mode. */
export const SCAN_MODE_CUSTOMERS = 1_000;

/** The touches (CustomerTouch arrays at parameters $n, $n+1). */
const touchesCte = (n: number) => `touches AS (
  SELECT DISTINCT customer_id, touch_at
  FROM unnest($${n}::text[], $${n + 1}::timestamptz[]) AS t(customer_id, touch_at)
)`;

/**
 * Every event that the target purchases of the scope can need: windows ($1 resolved ids, $2, $3)
 * and touches ($7 resolved ids, $8 instants), $4 lookback_ms (isRestitchTarget). A customer's
 * events are found under its own id and under every anonymous id linked to it; the final filter
 * drops events that now resolve to someone else. $5, $6 bound every read (the earliest reach
 * - lookback, the latest reach end), so the planner prunes the day partitions outside them.
 */
export const COLLECT_RESTITCH_EVENTS_SQL = (() => {
  const days = ' AND r.occurred_at >= $5::timestamptz AND r.occurred_at <= $6::timestamptz';
  return `
WITH ${scopeCte(1)},
${touchesCte(7)},
-- Where each change's target purchases can be: every purchase of a window; for a touch, the first
-- purchase in [t, t + lookback].
reach AS (
  SELECT customer_id, from_at, to_at, false AS first_only FROM scope
  UNION ALL
  SELECT customer_id, touch_at, touch_at + ($4::bigint * interval '1 millisecond'), true FROM touches
),
reach_keys AS (
  SELECT customer_id, customer_id COLLATE "C" AS lookup_key, from_at, to_at, first_only FROM reach
  UNION ALL
  SELECT r.customer_id, l.anonymous_id, r.from_at, r.to_at, r.first_only
  FROM reach r JOIN identity_links l ON l.user_id = r.customer_id
),
reached AS (
  SELECT k.customer_id, k.from_at, k.first_only, p.occurred_at
  FROM reach_keys k
  CROSS JOIN LATERAL (${RESOLVED_EVENTS}
    WHERE r.customer_id = k.lookup_key AND r.type = 'order_completed' AND r.order_id IS NOT NULL
      AND r.revenue IS NOT NULL AND r.currency IS NOT NULL${days}
      AND r.occurred_at >= k.from_at AND r.occurred_at <= k.to_at) p
  WHERE p.customer_id = k.customer_id
),
-- Only customers with a target purchase have anything to re-stitch, and only the lookback before
-- their targets is read: in live traffic most reaches end in the empty future.
target_spans AS (
  SELECT customer_id, min(occurred_at) AS first_at, max(occurred_at) AS last_at
  FROM (
    SELECT customer_id, occurred_at FROM reached WHERE NOT first_only
    UNION ALL
    SELECT customer_id, min(occurred_at) FROM reached WHERE first_only GROUP BY customer_id, from_at
  ) targets
  GROUP BY customer_id
),
lookup_keys AS (SELECT DISTINCT customer_id, lookup_key FROM reach_keys)
INSERT INTO ${RESTITCH_EVENTS_TABLE}
SELECT e.* FROM target_spans t JOIN lookup_keys k USING (customer_id)
CROSS JOIN LATERAL (${RESOLVED_EVENTS}
  WHERE r.customer_id = k.lookup_key${days}
    AND r.occurred_at >= t.first_at - ($4::bigint * interval '1 millisecond')
    AND r.occurred_at <= t.last_at) e
WHERE e.customer_id = k.customer_id`;
})();

/**
 * Re-stitches the scope's target purchases from the table (isRestitchTarget): those of each
 * customer ($6) converting in [$7, $8], and for each touch ($9 customer, $10 instant) the first
 * purchase at or after it within the lookback. The collect step read the lookback before every
 * target, so `previous_at` is exact wherever it matters.
 */
export const RESTITCH_JOURNEYS_SQL = upsertJourneysSql(
  `${scopeCte(6)},
${touchesCte(9)},
resolved AS (SELECT * FROM ${RESTITCH_EVENTS_TABLE})`,
  // One IN over a UNION of joins: an OR of two EXISTS is not pulled up into semi-joins, and ran
  // as a correlated subplan per purchase (24 s instead of 4 s over the 200k benchmark).
  `order_id IN (
    SELECT q.order_id FROM sequenced q
    JOIN scope s ON s.customer_id = q.customer_id AND q.occurred_at BETWEEN s.from_at AND s.to_at
    UNION
    SELECT q.order_id FROM sequenced q
    JOIN touches c ON c.customer_id = q.customer_id
     AND c.touch_at <= q.occurred_at AND c.touch_at >= q.occurred_at - ${LOOKBACK}
     AND (q.previous_at IS NULL OR c.touch_at > q.previous_at))`,
);

export function collectMode(scope: RestitchScope): CollectMode {
  return scopeCustomers(scope).length > SCAN_MODE_CUSTOMERS ? 'scan' : 'lookup';
}

export function collectRestitchEventsParams(
  scope: RestitchScope,
  policy: StitchingPolicy,
): unknown[] {
  // A loop, not Math.min(...spread): a batch can have more windows than the argument limit.
  let from = Infinity;
  let to = -Infinity;
  for (const w of scope.windows) {
    from = Math.min(from, w.from.getTime());
    to = Math.max(to, w.to.getTime());
  }
  for (const t of scope.touches) {
    from = Math.min(from, t.at.getTime());
    to = Math.max(to, t.at.getTime() + policy.lookbackMs);
  }
  return [
    scope.windows.map((w) => w.customerId),
    scope.windows.map((w) => w.from),
    scope.windows.map((w) => w.to),
    policy.lookbackMs,
    new Date(from - policy.lookbackMs),
    new Date(to),
    scope.touches.map((t) => t.customerId),
    scope.touches.map((t) => t.at),
  ];
}

export function restitchJourneysParams(
  scope: RestitchScope,
  policy: StitchingPolicy,
  now: Date,
): unknown[] {
  return [
    ...policyParams(policy, now),
    scope.windows.map((w) => w.customerId),
    scope.windows.map((w) => w.from),
    scope.windows.map((w) => w.to),
    scope.touches.map((t) => t.customerId),
    scope.touches.map((t) => t.at),
  ];
}
