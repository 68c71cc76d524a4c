import {
  findReportRun,
  setsReadiness,
  type ReportPeriod,
  type ReportRun,
} from '@tributary/category-report-store';
import { withTransaction, type Pool, type PoolClient } from '@tributary/postgres';
import {
  GENERATE_HOUR_FROM_SETS_SQL,
  GENERATE_REPORT_FROM_SETS_SQL,
  GENERATE_REPORT_SQL,
} from './generate-report-sql';

export interface GenerateOptions {
  topN: number;
  workMemMb: number;
  /** Called with where the figures came from (for logs and tests). */
  onSource?: (source: ReportSource) => void;
}

/**
 * `hour-sets`: one hour counted from its sets; `sets`: several hours' sets merged; `raw-events`:
 * the hour's raw events, when the sets do not cover the period or a product changed category.
 */
export type ReportSource = 'hour-sets' | 'sets' | 'raw-events';

const HOUR_MS = 3_600_000;

async function reportSource(client: PoolClient, period: ReportPeriod): Promise<ReportSource> {
  const aligned = period.start.getTime() % HOUR_MS === 0 && period.end.getTime() % HOUR_MS === 0;
  if (!aligned) return 'raw-events';
  const readiness = await setsReadiness(client, period.start, period.end);
  if (!readiness.ready) return 'raw-events';
  return period.end.getTime() - period.start.getTime() === HOUR_MS ? 'hour-sets' : 'sets';
}

/**
 * Computes and stores one period's reports, from the hourly sets when they hold the period (see
 * reportSource), else from raw events; same figures either way. Replaces any earlier run of that
 * period in the same transaction, so readers see the old run or the new one, never a mix. The advisory lock
 * serialises two runs of one period (a scheduled run racing a backfill).
 */
export async function generateReport(
  pool: Pool,
  period: ReportPeriod,
  generatedAt: Date,
  options: GenerateOptions,
): Promise<ReportRun> {
  await withTransaction(pool, async (client) => {
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('category-report:' || $1 || $2, 0))`,
      [period.kind, period.start.toISOString()],
    );
    await client.query(`SELECT set_config('work_mem', $1, true)`, [`${options.workMemMb}MB`]);
    await client.query(
      'DELETE FROM category_report_runs WHERE period_kind = $1 AND period_start = $2',
      [period.kind, period.start],
    );
    await client.query(
      `INSERT INTO category_report_runs (period_kind, period_start, period_end, generated_at,
         top_viewed_rows, top_purchased_rows, conversion_rows) VALUES ($1, $2, $3, $4, 0, 0, 0)`,
      [period.kind, period.start, period.end, generatedAt],
    );
    const source = await reportSource(client, period);
    if (source === 'hour-sets')
      await client.query(GENERATE_HOUR_FROM_SETS_SQL, [period.kind, period.start, options.topN]);
    else
      await client.query(source === 'sets' ? GENERATE_REPORT_FROM_SETS_SQL : GENERATE_REPORT_SQL, [
        period.kind,
        period.start,
        period.end,
        options.topN,
      ]);
    options.onSource?.(source);
  });
  const run = await findReportRun(pool, period.kind, period.start);
  if (!run)
    throw new Error(`category report run ${period.kind} ${period.start.toISOString()} vanished`);
  return run;
}

/** When the stored run of a period was generated, if there is one. */
export async function generatedAtOf(pool: Pool, period: ReportPeriod): Promise<Date | undefined> {
  const { rows } = await pool.query<{ generated_at: Date }>(
    'SELECT generated_at FROM category_report_runs WHERE period_kind = $1 AND period_start = $2',
    [period.kind, period.start],
  );
  return rows[0]?.generated_at;
}
