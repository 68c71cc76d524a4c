import { withTransaction, type Pool } from '@tributary/postgres';
import type { StitchingPolicy } from '../domain/stitching-policy';
import { REBUILD_JOURNEYS_SQL, rebuildJourneysParams } from '../sql/rebuild-journeys';
import {
  SWEEP_NON_CONVERTING_PATHS_SQL,
  sweepNonConvertingPathsParams,
} from '../sql/sweep-non-converting-paths';
import { OUTBOX_CONSUMER, markingWritten } from './journey-outbox';
import { lockStitching } from './stitch-lock';

export interface TimeRange {
  from: Date;
  to: Date;
}

const REBUILD_AND_MARK_SQL = markingWritten(REBUILD_JOURNEYS_SQL, 8);

/**
 * Recomputes the journeys converting in [from, to) from raw_events, set-based, one statement per
 * chunk. Each chunk holds the stitch lock, so a running consumer cannot interleave a stale
 * re-stitch. Rewritten journeys get version + 1 and are marked for the outbox relay (the
 * service publishes them) unless `publish` is false.
 */
export async function rebuildJourneys(
  pool: Pool,
  range: TimeRange,
  policy: StitchingPolicy,
  options: {
    now: () => Date;
    chunkMs: number;
    publish: boolean;
    onChunk?: (chunk: TimeRange, written: number) => void;
  },
): Promise<{ written: number }> {
  let written = 0;
  for (let from = range.from.getTime(); from < range.to.getTime(); from += options.chunkMs) {
    const chunk = {
      from: new Date(from),
      to: new Date(Math.min(from + options.chunkMs, range.to.getTime())),
    };
    const params = rebuildJourneysParams(chunk, policy, options.now());
    const count = await withTransaction(pool, async (client) => {
      await lockStitching(client);
      if (!options.publish) return (await client.query(REBUILD_JOURNEYS_SQL, params)).rowCount ?? 0;
      const result = await client.query<{ written: number }>(REBUILD_AND_MARK_SQL, [
        ...params,
        OUTBOX_CONSUMER,
      ]);
      return result.rows[0]?.written ?? 0;
    });
    written += count;
    options.onChunk?.(chunk, count);
  }
  return { written };
}

/** Recomputes the non-converting paths of the settled windows starting in [from, to). */
export async function sweepNonConvertingPaths(
  pool: Pool,
  range: TimeRange,
  policy: StitchingPolicy,
  now: Date,
): Promise<{ written: number; deleted: number }> {
  const result = await pool.query<{ written: number; deleted: number }>(
    SWEEP_NON_CONVERTING_PATHS_SQL,
    sweepNonConvertingPathsParams(range, policy, now),
  );
  return result.rows[0] ?? { written: 0, deleted: 0 };
}

/**
 * What a periodic sweep covers: windows that settled recently (window_start + 2 lookback +
 * lateness <= now) plus one more lookback of margin, for missed firings and late identity links.
 */
export function recentSweepRange(policy: StitchingPolicy, now: Date): TimeRange {
  return { from: new Date(now.getTime() - 3 * policy.lookbackMs - policy.latenessMs), to: now };
}
