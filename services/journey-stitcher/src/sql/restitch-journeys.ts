import type { CustomerWindow } from '../domain/restitch-windows';
import type { StitchingPolicy } from '../domain/stitching-policy';
import { LOOKBACK, RESOLVED_EVENTS, policyParams, upsertJourneysSql } from './journey-sql';

/**
 * The streaming path: re-stitches every purchase of each customer ($6, resolved ids) converting
 * in [$7, $8] (CustomerWindow). A customer's events are found under its own id and under every
 * anonymous id linked to it; the final filter drops events that now resolve to someone else.
 */
export const RESTITCH_JOURNEYS_SQL = upsertJourneysSql(
  `scope AS (
  SELECT customer_id, min(from_at) AS from_at, max(to_at) AS to_at
  FROM unnest($6::text[], $7::timestamptz[], $8::timestamptz[]) AS s(customer_id, from_at, to_at)
  GROUP BY customer_id
),
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
      AND r.revenue IS NOT NULL AND r.currency IS NOT NULL
      AND r.occurred_at >= k.from_at AND r.occurred_at <= k.to_at) p
  WHERE p.customer_id = k.customer_id
  GROUP BY k.customer_id
),
resolved AS (
  SELECT e.* FROM target_spans t JOIN lookup_keys k USING (customer_id)
  CROSS JOIN LATERAL (${RESOLVED_EVENTS}
    WHERE r.customer_id = k.lookup_key
      AND r.occurred_at >= t.first_at - ${LOOKBACK} AND r.occurred_at <= t.last_at) e
  WHERE e.customer_id = k.customer_id
)`,
  `EXISTS (SELECT 1 FROM scope s WHERE s.customer_id = sequenced.customer_id
    AND sequenced.occurred_at BETWEEN s.from_at AND s.to_at)`,
);

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
