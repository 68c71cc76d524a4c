import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Logger } from '@tributary/logging';

export type { Pool, PoolClient, QueryResultRow } from 'pg';

export interface PoolSettings {
  connectionString: string;
  max?: number;
  applicationName: string;
  /** A query slower than this is cancelled by the server instead of hanging a request. */
  statementTimeoutMs?: number;
}

export function createPool(settings: PoolSettings, logger?: Logger): Pool {
  const config: PoolConfig = {
    connectionString: settings.connectionString,
    max: settings.max ?? 10,
    application_name: settings.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: settings.statementTimeoutMs ?? 60_000,
  };
  const pool = new Pool(config);
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => logger?.warn({ err }, 'idle postgres client error'));
  return pool;
}

/** Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Readiness probe: a round trip to the server. */
export async function pingPostgres(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}
