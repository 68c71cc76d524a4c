import { join } from 'node:path';
import type { Logger } from '@tributary/logging';
import { migrate, type MigrationResult, type Pool } from '@tributary/postgres';

/** The warehouse's migrations live beside `src` and `dist`, so both find them the same way. */
export const MIGRATIONS_DIR = join(__dirname, '..', 'sql');

export function migrateWarehouse(pool: Pool, logger?: Logger): Promise<MigrationResult> {
  return migrate(pool, MIGRATIONS_DIR, logger);
}
