// Regenerates past hours (UTC), idempotently, with the service's environment (DATABASE_URL, REPORTS_DIR...):
//   npx tsx services/category-reports/src/cli/backfill.ts --from 2026-01-10T10 --to 2026-01-10T14
import { createLogger } from '@tributary/logging';
import { runBackfill } from './run-backfill';

runBackfill(process.argv.slice(2), process.env, (level) =>
  createLogger({ service: 'category-reports-backfill', level }),
).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
