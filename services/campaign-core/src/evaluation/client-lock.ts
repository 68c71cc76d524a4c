import type { PoolClient } from '@tributary/postgres';

// Namespace of campaign-core's advisory locks (any constant; only this service uses it).
const LOCK_NAMESPACE = 6001;

/**
 * Serializes the evaluations of each client for the rest of the transaction, so a client's
 * realization rows and per-client limits are read and written by one consumer at a time. Locks
 * are taken in one global order, so two batches sharing clients cannot deadlock on them.
 */
export async function lockClients(
  db: Pick<PoolClient, 'query'>,
  clientIds: readonly string[],
): Promise<void> {
  await db.query(
    `SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, h)
     FROM (SELECT DISTINCT hashtext(c) AS h FROM unnest($1::text[]) c ORDER BY 1) locks`,
    [[...new Set(clientIds)]],
  );
}
