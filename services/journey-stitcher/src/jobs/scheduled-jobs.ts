import type { Logger } from '@tributary/logging';
import type { Pool } from '@tributary/postgres';
import type { ScheduledJob } from '@tributary/scheduling';
import { recentSweepRange, sweepNonConvertingPaths } from '../adapters/journey-maintenance';
import { relayUnpublished, type PublishJourneys } from '../adapters/journey-outbox';
import {
  detachRawEventPartitions,
  ensureRawEventPartitions,
} from '../adapters/raw-event-partitions';
import { tryLockJob } from '../adapters/stitch-lock';
import { addDays, utcDay } from '../domain/partition-days';
import type { StitchingPolicy } from '../domain/stitching-policy';

export interface JobsDeps {
  pool: Pool;
  policy: StitchingPolicy;
  publish: PublishJourneys;
  logger: Logger;
  now: () => Date;
  timeZone: string;
  crons: { partitions: string; sweep: string; relay: string };
  retentionDays: number;
  aheadDays: number;
}

/** Runs `work` only if no other replica runs the same job now (a PostgreSQL advisory lock). */
async function exclusive(
  pool: Pool,
  job: string,
  logger: Logger,
  work: () => Promise<void>,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (await tryLockJob(client, job)) await work();
    else logger.info({ job }, 'job running on another replica, skipped');
  } finally {
    await client.query('COMMIT').catch(() => undefined);
    client.release();
  }
}

export async function maintainPartitions(deps: JobsDeps): Promise<void> {
  const today = utcDay(deps.now());
  const created = await ensureRawEventPartitions(
    deps.pool,
    addDays(today, -1),
    addDays(today, deps.aheadDays),
  );
  const detached = await detachRawEventPartitions(deps.pool, deps.retentionDays, today);
  deps.logger.info(
    { created, detached, retentionDays: deps.retentionDays },
    'raw event partitions maintained',
  );
}

export function scheduledJobs(deps: JobsDeps): ScheduledJob[] {
  const { pool, logger } = deps;
  return [
    {
      name: 'raw-event-partitions',
      cron: deps.crons.partitions,
      timeZone: deps.timeZone,
      run: () => exclusive(pool, 'raw-event-partitions', logger, () => maintainPartitions(deps)),
    },
    {
      name: 'non-converting-sweep',
      cron: deps.crons.sweep,
      timeZone: deps.timeZone,
      run: () =>
        exclusive(pool, 'non-converting-sweep', logger, async () => {
          const now = deps.now();
          const range = recentSweepRange(deps.policy, now);
          const result = await sweepNonConvertingPaths(pool, range, deps.policy, now);
          logger.info({ ...result, from: range.from.toISOString() }, 'non-converting paths swept');
        }),
    },
    {
      name: 'journeys-outbox-relay',
      cron: deps.crons.relay,
      timeZone: deps.timeZone,
      run: async () => {
        const published = await relayUnpublished(pool, deps.publish, { minAgeMs: 30_000 });
        if (published > 0) logger.warn({ published }, 'journeys published by the outbox relay');
      },
    },
  ];
}
