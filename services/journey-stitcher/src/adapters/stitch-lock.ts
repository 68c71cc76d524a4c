import type { PoolClient } from '@tributary/postgres';

/*
 * Every writer of customer_journeys (each partition batch, the rebuild) holds this transaction
 * lock from its first read of identity links to COMMIT. Identity links join events that live on
 * different Kafka partitions (anonymous ids and user ids hash apart), so two concurrent batches
 * could otherwise each re-stitch a customer without seeing the other's uncommitted events, and
 * the later COMMIT would overwrite the earlier one. The raw inserts stay outside it, in parallel.
 */
const STITCH_LOCK_KEY = 310_100_001;
const PARTITIONS_LOCK_KEY = 310_100_002;

export async function lockStitching(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [STITCH_LOCK_KEY]);
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
