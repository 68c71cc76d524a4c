import type { StitchingPolicy } from '../domain/stitching-policy';
import { LOOKBACK, RESOLVED_EVENTS, policyParams, upsertJourneysSql } from './journey-sql';

/**
 * Recomputes every journey converting in [$6, $7) from raw_events and identity_links. Reading
 * from $6 - lookback is enough: an earlier previous purchase cuts nothing inside the lookback.
 */
export const REBUILD_JOURNEYS_SQL = upsertJourneysSql(
  `resolved AS (${RESOLVED_EVENTS}
  WHERE r.occurred_at >= $6::timestamptz - ${LOOKBACK} AND r.occurred_at < $7::timestamptz)`,
  `occurred_at >= $6::timestamptz AND occurred_at < $7::timestamptz`,
);

export function rebuildJourneysParams(
  range: { from: Date; to: Date },
  policy: StitchingPolicy,
  now: Date,
): unknown[] {
  return [...policyParams(policy, now), range.from, range.to];
}
