import { Client } from 'pg';
import { createPool, type Pool } from '@tributary/postgres';
import { databaseUrl, testEnv } from './env';
import { uniqueName } from './names';
import { templateName } from './template-database';

export interface TestDatabase {
  name: string;
  url: string;
  pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, fully migrated database for one test file, cloned from the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName('test');
  const admin = new Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(
      `CREATE DATABASE "${name}" TEMPLATE "${process.env.TRIBUTARY_TEMPLATE_DB ?? templateName()}"`,
    );
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const pool = createPool({ connectionString: url, applicationName: name, max: 10 });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      const dropper = new Client({ connectionString: testEnv.adminDatabaseUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
