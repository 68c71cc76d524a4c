import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hourKey } from '@tributary/category-report-store';
import type { Redis } from '@tributary/redis';
import { runExclusive } from '@tributary/scheduling';
import { reportedHour } from '../domain/report-schedule';
import { reportHour, type ReportHourDeps } from './report-hour';

export type ScheduledOutcome = 'ran' | 'locked' | 'already-done';

export interface ScheduledReportDeps extends ReportHourDeps {
  redis: Redis;
  lockTtlMs: number;
  now: () => Date;
}

/** True when the hour's manifest was written at or after this firing (by another replica). */
async function doneSince(
  deps: ScheduledReportDeps,
  hourStart: Date,
  fireTime: Date,
): Promise<boolean> {
  try {
    const text = await readFile(join(deps.reportsDir, hourKey(hourStart), 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text) as { generated_at?: unknown };
    return (
      typeof manifest.generated_at === 'string' &&
      Date.parse(manifest.generated_at) >= fireTime.getTime()
    );
  } catch {
    return false;
  }
}

/**
 * One cron firing: the replica that takes the hour's lock generates it; the others stand down.
 * A replica that takes the lock after the winner finished sees the fresh manifest and skips, so a
 * firing runs once however the replicas' clocks and timers line up.
 */
export async function runScheduledReport(
  deps: ScheduledReportDeps,
  fireTime: Date,
): Promise<ScheduledOutcome> {
  const hourStart = reportedHour(fireTime);
  const key = `category-reports:lock:${hourKey(hourStart)}`;
  const outcome = await runExclusive(
    deps.redis,
    key,
    deps.lockTtlMs,
    async (): Promise<ScheduledOutcome> => {
      if (await doneSince(deps, hourStart, fireTime)) return 'already-done';
      await reportHour(deps, hourStart, deps.now());
      return 'ran';
    },
  );
  const result = outcome.ran ? outcome.result : 'locked';
  deps.logger.info(
    { hour: hourKey(hourStart), fireTime: fireTime.toISOString(), outcome: result },
    'scheduled category report',
  );
  return result;
}
