import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { Logger } from '@tributary/logging';
import { withTransaction } from './pool';

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

// Any fixed 64-bit number works; it only has to be the same in every replica.
const MIGRATION_LOCK_ID = 7_202_611_210;

/**
 * Applies every `*.sql` file of `dir` not yet recorded in `schema_migrations`, in file-name
 * order, each in its own transaction. A session advisory lock makes concurrent starts of several
 * replicas safe: one applies, the others wait and then find nothing to do. An applied file whose
 * content changed is an error: migrations are append-only.
 */
export async function migrate(pool: Pool, dir: string, logger?: Logger): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await lockClient.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await lockClient.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    for (const file of files) {
      const sql = await readFile(join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum)
          throw new Error(`migration ${file} changed after it was applied`);
        continue;
      }
      await withTransaction(pool, async (client) => {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
          file,
          checksum,
        ]);
      });
      logger?.info({ migration: file }, 'migration applied');
      applied.push(file);
    }
    return { applied, skipped: files.length - applied.length };
  } finally {
    await lockClient
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID])
      .catch(() => undefined);
    lockClient.release();
  }
}
