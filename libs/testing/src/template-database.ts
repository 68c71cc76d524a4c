import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_DIR, migrateWarehouse } from '@tributary/migrations';
import { createPool } from '@tributary/postgres';
import { databaseUrl, testEnv } from './env';

/** The template's name carries a hash of the migrations, so a changed migration gets a new one. */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  return `tributary_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/** Creates and migrates the template database once (safe when several jest runs start at once). */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateName();
  const admin = new Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(7202611211)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
      await admin.query(`CREATE DATABASE "${building}"`);
      const pool = createPool({
        connectionString: databaseUrl(building),
        applicationName: 'test-template',
        max: 2,
      });
      try {
        await migrateWarehouse(pool);
      } finally {
        await pool.end();
      }
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    }
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(7202611211)').catch(() => undefined);
    await admin.end();
  }
}
