import { createLogger } from '@tributary/logging';
import { createPool } from '@tributary/postgres';
import { migrateWarehouse } from '../index';

// `npm run migrate`: applies pending migrations to DATABASE_URL and exits.
async function main(): Promise<void> {
  const logger = createLogger({ service: 'migrate' });
  const pool = createPool({
    connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tributary',
    applicationName: 'tributary-migrate',
  });
  try {
    const result = await migrateWarehouse(pool, logger);
    logger.info({ applied: result.applied.length, skipped: result.skipped }, 'migrations done');
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
