import type { PoolClient } from '@tributary/postgres';

/*
 * Writers of customer_journeys hold transaction locks from their first read of identity links to
 * COMMIT. Identity links join events that live on different Kafka partitions (anonymous ids and
 * user ids hash apart), so two concurrent batches re-stitching one customer must not each miss
 * the other's uncommitted events: the later COMMIT would overwrite the earlier one.
 *
 * - A partition batch takes STITCH_LOCK_KEY shared, then one lock per customer key (see
 *   stitchLockKeys), in key order, so batches of other customers run in parallel and two batches
 *   never wait on each other in a cycle.
 * - The rebuild, and a batch touching more than MAX_CUSTOMER_LOCKS customers, take STITCH_LOCK_KEY
 *   exclusive instead: it excludes every other writer. Each advisory lock is a slot of the shared
 *   lock table (max_locks_per_transaction x max_connections, 6,400 by default, for the whole
 *   cluster), so a backfill batch of 5,000 customers on three partitions could exhaust it.
 *
 * The raw inserts stay outside these locks, in parallel.
 */
const STITCH_LOCK_KEY = 310_100_001;
const PARTITIONS_LOCK_KEY = 310_100_002;
/** Customer locks use the two-int4 key space (class, hashtext), apart from the bigint keys above. */
const CUSTOMER_LOCK_CLASS = 310_101;

export const MAX_CUSTOMER_LOCKS = 1_000;

/** Excludes every other stitcher: the rebuild, and batches too wide for customer locks. */
export async function lockStitching(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [STITCH_LOCK_KEY]);
}

/** Taken by each batch before its customer locks; waits while a rebuild runs. */
export async function lockStitchingShared(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock_shared($1)', [STITCH_LOCK_KEY]);
}

/**
 * Locks these customers, in hash order: the lock order must follow the lock keys, not the ids,
 * to be cycle-free. Two ids sharing a hash share a lock, which only serialises them.
 */
export async function lockCustomers(
  client: PoolClient,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await client.query(
    `SELECT count(pg_advisory_xact_lock($1, k)) FROM (
       SELECT DISTINCT hashtext(c) AS k FROM unnest($2::text[]) AS c ORDER BY k) AS keys`,
    [CUSTOMER_LOCK_CLASS, customerIds],
  );
}

/** Serialises partition DDL between replicas and the daily job. */
export async function lockPartitionDdl(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITIONS_LOCK_KEY]);
}

/** One replica runs each scheduled job; the others skip that firing. */
export async function tryLockJob(client: PoolClient, job: string): Promise<boolean> {
  const result = await client.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_xact_lock(hashtextextended('journey-stitcher:' || $1, 0)) AS locked`,
    [job],
  );
  return result.rows[0]?.locked === true;
}
