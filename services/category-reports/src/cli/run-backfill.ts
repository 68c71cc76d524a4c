import { hourKey } from '@tributary/category-report-store';
import type { Logger } from '@tributary/logging';
import { createPool } from '@tributary/postgres';
import { loadCategoryReportsConfig } from '../config';
import { backfillHour } from '../jobs/report-hour';
import { BACKFILL_USAGE, parseBackfillArgs } from './backfill-args';

/** The backfill command without the process around it: returns the exit code. */
export async function runBackfill(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  makeLogger: (level: string) => Logger,
  now: () => Date = () => new Date(),
): Promise<number> {
  const args = parseBackfillArgs(argv);
  if (!args.ok) {
    process.stderr.write(`${args.message}\n${BACKFILL_USAGE}\n`);
    return 2;
  }
  const config = loadCategoryReportsConfig(env);
  const logger = makeLogger(config.LOG_LEVEL);
  const pool = createPool({
    connectionString: config.DATABASE_URL,
    applicationName: 'category-reports-backfill',
    max: 2,
    statementTimeoutMs: config.REPORT_STATEMENT_TIMEOUT_MS,
  });
  const deps = {
    pool,
    logger,
    reportsDir: config.REPORTS_DIR,
    timeZone: config.TIME_ZONE,
    rollingHours: config.REPORT_ROLLING_HOURS,
    topN: config.REPORT_TOP_N,
    workMemMb: config.REPORT_WORK_MEM_MB,
  };
  try {
    for (const hour of args.hours) {
      const { folder } = await backfillHour(deps, hour, now());
      logger.info({ hour: hourKey(hour), folder }, 'hour backfilled');
    }
    return 0;
  } finally {
    await pool.end();
  }
}
