import type { StitchingPolicy } from '../domain/stitching-policy';
import {
  LATENESS,
  LOOKBACK,
  NOW,
  PATH_COLUMNS,
  RESOLVED_EVENTS,
  iso,
  isTouchpointSql,
  policyParams,
} from './journey-sql';

/*
 * Recomputes the non-converting paths of the settled windows starting in [$6, $7), as
 * sweepNonConvertingPaths does: touchpoints with no purchase of the same customer in
 * [occurred_at, occurred_at + lookback], grouped per customer and epoch-aligned window of one
 * lookback. Stored paths of those windows that the data no longer yields (a late purchase, a new
 * identity link) are deleted. Returns how many rows were written and deleted.
 */
export const SWEEP_NON_CONVERTING_PATHS_SQL = `
WITH resolved AS (${RESOLVED_EVENTS}
  WHERE r.occurred_at >= $6::timestamptz AND r.occurred_at < $7::timestamptz + 2 * ${LOOKBACK}),
purchases AS (
  SELECT DISTINCT ON (order_id) customer_id, occurred_at
  FROM resolved
  WHERE type = 'order_completed' AND order_id IS NOT NULL AND revenue IS NOT NULL AND currency IS NOT NULL
  ORDER BY order_id, occurred_at, event_id
),
windowed AS (
  SELECT r.*, 'epoch'::timestamptz
      + floor(extract(epoch FROM r.occurred_at) * 1000 / $1::bigint) * ${LOOKBACK} AS window_start
  FROM resolved r
  WHERE ${isTouchpointSql('r')}
    AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = r.customer_id
      AND p.occurred_at >= r.occurred_at AND p.occurred_at <= r.occurred_at + ${LOOKBACK})
),
paths AS (
  SELECT 'n:' || t.customer_id || ':' || ${iso('t.window_start')} AS path_id, t.customer_id,
    t.window_start, t.window_start + ${LOOKBACK} AS window_end, ${PATH_COLUMNS}
  FROM windowed t
  WHERE t.window_start >= $6::timestamptz AND t.window_start < $7::timestamptz
    AND t.window_start + 2 * ${LOOKBACK} + ${LATENESS} <= ${NOW}
  GROUP BY t.customer_id, t.window_start
),
written AS (
  INSERT INTO non_converting_paths AS n (path_id, customer_id, window_start, window_end,
    touchpoints, channel_path, touchpoint_count, swept_at)
  SELECT path_id, customer_id, window_start, window_end, touchpoints, channel_path, touchpoint_count, ${NOW}
  FROM paths
  ON CONFLICT (path_id) DO UPDATE SET touchpoints = EXCLUDED.touchpoints,
    channel_path = EXCLUDED.channel_path, touchpoint_count = EXCLUDED.touchpoint_count,
    swept_at = EXCLUDED.swept_at
  WHERE n.touchpoints IS DISTINCT FROM EXCLUDED.touchpoints
  RETURNING path_id
),
deleted AS (
  DELETE FROM non_converting_paths n
  WHERE n.window_start >= $6::timestamptz AND n.window_start < $7::timestamptz
    AND n.window_end + ${LOOKBACK} + ${LATENESS} <= ${NOW}
    AND NOT EXISTS (SELECT 1 FROM paths p WHERE p.path_id = n.path_id)
  RETURNING path_id
)
SELECT (SELECT count(*) FROM written)::int AS written, (SELECT count(*) FROM deleted)::int AS deleted`;

export function sweepNonConvertingPathsParams(
  range: { from: Date; to: Date },
  policy: StitchingPolicy,
  now: Date,
): unknown[] {
  return [...policyParams(policy, now), range.from, range.to];
}
