// Regenerates past hours: npx tsx services/category-reports/src/cli/backfill.ts --from 2026-01-10T10 --to 2026-01-10T14
// Reads the same environment as the service (DATABASE_URL, REPORTS_DIR, ...). Idempotent.
import { hourKey } from '@tributary/category-report-store';
import { createLogger } from '@tributary/logging';
import { createPool } from '@tributary/postgres';
import { loadCategoryReportsConfig } from '../config';
import { reportHour } from '../jobs/report-hour';
import { BACKFILL_USAGE, parseBackfillArgs } from './backfill-args';

async function main(): Promise<number> {
  const args = parseBackfillArgs(process.argv.slice(2));
  if (!args.ok) {
    console.error(`${args.message}\n${BACKFILL_USAGE}`);
    return 2;
  }
  const config = loadCategoryReportsConfig(process.env);
  const logger = createLogger({ service: 'category-reports-backfill', level: config.LOG_LEVEL });
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
      const { folder } = await reportHour(deps, hour, new Date());
      logger.info({ hour: hourKey(hour), folder }, 'hour backfilled');
    }
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
