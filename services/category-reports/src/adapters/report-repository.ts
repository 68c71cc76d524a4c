import { findReportRun, type ReportPeriod, type ReportRun } from '@tributary/category-report-store';
import { withTransaction, type Pool } from '@tributary/postgres';
import { GENERATE_REPORT_SQL } from './generate-report-sql';

export interface GenerateOptions {
  topN: number;
  workMemMb: number;
}

/**
 * Computes and stores one period's reports, replacing any earlier run of that period in the same
 * transaction, so readers see the old run or the new one, never a mix. The advisory lock
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
    await client.query(GENERATE_REPORT_SQL, [period.kind, period.start, period.end, options.topN]);
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
