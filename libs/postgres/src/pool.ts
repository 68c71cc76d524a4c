import { accessSync, constants } from 'node:fs';
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

/**
 * TLS comes from the URL: node-postgres reads `sslmode` (use `verify-full`) and the PEM files
 * `sslrootcert` (a private CA), `sslcert` and `sslkey` (client certificate) from it. It opens the
 * files only when the first connection opens; a wrong path should stop the start instead, named
 * without the URL (which holds the password).
 */
function checkTlsFiles(connectionString: string): void {
  let params: URLSearchParams;
  try {
    params = new URL(connectionString).searchParams;
  } catch {
    return; // not a URL (a libpq key=value string): node-postgres reports its own problems
  }
  for (const param of ['sslrootcert', 'sslcert', 'sslkey']) {
    const path = params.get(param);
    if (!path) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new Error(`the database URL's ${param} (${path}) cannot be read (${code})`);
    }
  }
}

export function createPool(settings: PoolSettings, logger?: Logger): Pool {
  checkTlsFiles(settings.connectionString);
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
  // A checked-out client (a transaction waiting on Kafka or HTTP between queries) that loses its
  // connection emits 'error' on itself, which nobody listens to then: the process would die of
  // an unhandled 'error' event during a database outage. With this listener its next query
  // fails instead (a dependency failure the caller retries) and the pool drops it on release.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger?.warn({ err }, 'postgres connection lost'));
  });
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
