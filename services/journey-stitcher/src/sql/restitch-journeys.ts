import type { CustomerWindow } from '../domain/restitch-windows';
import type { StitchingPolicy } from '../domain/stitching-policy';
import { RESOLVED_EVENTS, policyParams, upsertJourneysSql } from './journey-sql';

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

/**
 * Every event that the purchases of each customer ($1, resolved ids) converting in [$2, $3] can
 * need ($4 lookback_ms). A customer's events are found under its own id and under every anonymous
 * id linked to it; the final filter drops events that now resolve to someone else. $5, $6 bound
 * every read (the earliest window start - lookback, the latest window end), so the planner
 * prunes the day partitions outside them.
 */
export const COLLECT_RESTITCH_EVENTS_SQL = (() => {
  const days = ' AND r.occurred_at >= $5::timestamptz AND r.occurred_at <= $6::timestamptz';
  return `
WITH ${scopeCte(1)},
lookup_keys AS (
  SELECT customer_id, customer_id COLLATE "C" AS lookup_key, from_at, to_at FROM scope
  UNION
  SELECT s.customer_id, l.anonymous_id, s.from_at, s.to_at
  FROM scope s JOIN identity_links l ON l.user_id = s.customer_id
),
-- Only customers with a purchase in their window have anything to re-stitch, and only the lookback
-- before those purchases is read: in live traffic most windows reach into the empty future.
target_spans AS (
  SELECT k.customer_id, min(p.occurred_at) AS first_at, max(p.occurred_at) AS last_at
  FROM lookup_keys k
  CROSS JOIN LATERAL (${RESOLVED_EVENTS}
    WHERE r.customer_id = k.lookup_key AND r.type = 'order_completed' AND r.order_id IS NOT NULL
      AND r.revenue IS NOT NULL AND r.currency IS NOT NULL${days}
      AND r.occurred_at >= k.from_at AND r.occurred_at <= k.to_at) p
  WHERE p.customer_id = k.customer_id
  GROUP BY k.customer_id
)
INSERT INTO ${RESTITCH_EVENTS_TABLE}
SELECT e.* FROM target_spans t JOIN lookup_keys k USING (customer_id)
CROSS JOIN LATERAL (${RESOLVED_EVENTS}
  WHERE r.customer_id = k.lookup_key${days}
    AND r.occurred_at >= t.first_at - ($4::bigint * interval '1 millisecond')
    AND r.occurred_at <= t.last_at) e
WHERE e.customer_id = k.customer_id`;
})();

/** Re-stitches every purchase of each customer ($6) converting in [$7, $8], from the table. */
export const RESTITCH_JOURNEYS_SQL = upsertJourneysSql(
  `${scopeCte(6)},
resolved AS (SELECT * FROM ${RESTITCH_EVENTS_TABLE})`,
  `EXISTS (SELECT 1 FROM scope s WHERE s.customer_id = sequenced.customer_id
    AND sequenced.occurred_at BETWEEN s.from_at AND s.to_at)`,
);

export function collectMode(windows: readonly CustomerWindow[]): CollectMode {
  return windows.length > SCAN_MODE_CUSTOMERS ? 'scan' : 'lookup';
}

export function collectRestitchEventsParams(
  windows: readonly CustomerWindow[],
  policy: StitchingPolicy,
): unknown[] {
  // A loop, not Math.min(...spread): a batch can have more windows than the argument limit.
  let from = Infinity;
  let to = -Infinity;
  for (const w of windows) {
    from = Math.min(from, w.from.getTime());
    to = Math.max(to, w.to.getTime());
  }
  return [
    windows.map((w) => w.customerId),
    windows.map((w) => w.from),
    windows.map((w) => w.to),
    policy.lookbackMs,
    new Date(from - policy.lookbackMs),
    new Date(to),
  ];
}

export function restitchJourneysParams(
  windows: readonly CustomerWindow[],
  policy: StitchingPolicy,
  now: Date,
): unknown[] {
  return [
    ...policyParams(policy, now),
    windows.map((w) => w.customerId),
    windows.map((w) => w.from),
    windows.map((w) => w.to),
  ];
}
