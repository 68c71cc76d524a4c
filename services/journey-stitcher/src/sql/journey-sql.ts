import type { StitchingPolicy } from '../domain/stitching-policy';

/*
 * The one SQL definition of a journey, shared by the streaming re-stitch and the rebuild; they
 * differ only in which raw events they read and which purchases they target. Every statement
 * built here takes the same first five parameters (see policyParams).
 */
export const LOOKBACK = `($1::bigint * interval '1 millisecond')`;
export const LATENESS = `($2::bigint * interval '1 millisecond')`;
export const isTouchpointSql = (alias: string) =>
  `(${alias}.type = ANY($3::text[]) AND ${alias}.type <> 'order_completed' AND ${alias}.channel <> ALL($4::text[]))`;
export const NOW = `$5::timestamptz`;

export type PolicyParams = [number, number, string[], string[], Date];

export function policyParams(policy: StitchingPolicy, now: Date): PolicyParams {
  return [
    policy.lookbackMs,
    policy.latenessMs,
    [...policy.touchpointTypes],
    [...policy.excludedChannels],
    now,
  ];
}

/** ISO-8601 UTC with milliseconds: what Date.prototype.toISOString gives the oracle. */
export const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Events with their customer resolved through identity_links, as resolveCustomerId does. */
export const RESOLVED_EVENTS = `
  SELECT r.event_id, r.type, r.occurred_at, r.received_at, r.channel, r.campaign,
         r.order_id, r.revenue, r.currency,
         coalesce(r.user_id, l.user_id, r.anonymous_id) AS customer_id
  FROM raw_events r
  LEFT JOIN identity_links l ON r.user_id IS NULL AND l.anonymous_id = r.anonymous_id`;

/** Aggregates joined touchpoints `t` into the stored path columns, in occurred_at, event_id order. */
export const PATH_COLUMNS = `
  coalesce(jsonb_agg(jsonb_build_object(
      'channel', t.channel, 'campaign', t.campaign, 'type', t.type,
      'occurred_at', ${iso('t.occurred_at')}, 'event_id', t.event_id)
    ORDER BY t.occurred_at, t.event_id) FILTER (WHERE t.event_id IS NOT NULL), '[]'::jsonb) AS touchpoints,
  coalesce(array_agg(t.channel ORDER BY t.occurred_at, t.event_id)
    FILTER (WHERE t.event_id IS NOT NULL), '{}'::text[]) AS channel_path,
  count(t.event_id)::int AS touchpoint_count,
  min(t.occurred_at) AS first_touch_at,
  max(t.occurred_at) AS last_touch_at`;

/**
 * Given a CTE `resolved` (RESOLVED_EVENTS restricted to what the caller needs, which must include
 * every event in [target converted_at - lookback, target converted_at]) and a predicate on
 * `sequenced` choosing the target purchases, stitches and upserts their journeys. A journey is
 * rewritten, with version + 1, only when its content changed; RETURNING lists those rows.
 */
export function upsertJourneysSql(resolvedCte: string, targetPredicate: string): string {
  return `
WITH ${resolvedCte},
purchases AS (
  SELECT DISTINCT ON (order_id) event_id, occurred_at, received_at, customer_id, order_id, revenue, currency
  FROM resolved
  WHERE type = 'order_completed' AND order_id IS NOT NULL AND revenue IS NOT NULL AND currency IS NOT NULL
  ORDER BY order_id, occurred_at, event_id
),
sequenced AS (
  SELECT p.*, lag(p.occurred_at) OVER (PARTITION BY p.customer_id ORDER BY p.occurred_at, p.event_id) AS previous_at
  FROM purchases p
),
targets AS (SELECT * FROM sequenced WHERE ${targetPredicate}),
touchpoints AS (
  SELECT e.event_id, e.type, e.occurred_at, e.received_at, e.customer_id, e.channel, e.campaign
  FROM resolved e WHERE ${isTouchpointSql('e')}
),
stitched AS (
  SELECT g.order_id, g.customer_id, g.occurred_at AS converted_at, g.revenue, g.currency, ${PATH_COLUMNS}
  FROM targets g
  LEFT JOIN touchpoints t
    ON t.customer_id = g.customer_id
   AND t.occurred_at <= g.occurred_at
   AND t.occurred_at >= g.occurred_at - ${LOOKBACK}
   AND (g.previous_at IS NULL OR t.occurred_at > g.previous_at)
   AND t.received_at <= g.received_at + ${LATENESS}
  GROUP BY g.order_id, g.customer_id, g.occurred_at, g.revenue, g.currency
)
INSERT INTO customer_journeys AS cj (journey_id, customer_id, order_id, converted_at, revenue, currency,
  touchpoints, channel_path, touchpoint_count, first_touch_at, last_touch_at, stitched_at, version)
SELECT 'j:' || order_id, customer_id, order_id, converted_at, revenue, currency,
  touchpoints, channel_path, touchpoint_count, first_touch_at, last_touch_at, ${NOW}, 1
FROM stitched
ON CONFLICT (journey_id) DO UPDATE SET
  customer_id = EXCLUDED.customer_id, converted_at = EXCLUDED.converted_at,
  revenue = EXCLUDED.revenue, currency = EXCLUDED.currency, touchpoints = EXCLUDED.touchpoints,
  channel_path = EXCLUDED.channel_path, touchpoint_count = EXCLUDED.touchpoint_count,
  first_touch_at = EXCLUDED.first_touch_at, last_touch_at = EXCLUDED.last_touch_at,
  stitched_at = EXCLUDED.stitched_at, version = cj.version + 1
WHERE (cj.customer_id, cj.converted_at, cj.revenue, cj.currency, cj.touchpoints)
  IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.converted_at, EXCLUDED.revenue, EXCLUDED.currency, EXCLUDED.touchpoints)
RETURNING journey_id, customer_id, order_id, converted_at, revenue::text AS revenue, currency,
  touchpoints, channel_path, touchpoint_count, first_touch_at, last_touch_at, stitched_at, version`;
}
