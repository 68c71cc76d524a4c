import type { Pool, PoolClient } from '@tributary/postgres';
import type { IdHasher } from './id-hasher';

/**
 * The advisory lock between erasures and the stitcher's batches: a batch holds it shared from its
 * suppression check until its rows are committed, the erasure's suppression step exclusively.
 * So a batch that checked before an erasure was recorded has finished storing before the
 * erasure deletes, and every later batch sees the suppression.
 */
export const SUPPRESSION_LOCK_KEY = 7_202_611_700;

/** Records the ids as erased at `at`, until `expiresAt` (the events topic's retention). */
export async function suppress(
  client: PoolClient,
  hash: IdHasher,
  ids: readonly string[],
  at: Date,
  expiresAt: Date,
): Promise<number> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [SUPPRESSION_LOCK_KEY]);
  const result = await client.query(
    `INSERT INTO erasure_suppressions (id_hash, erased_at, expires_at)
     SELECT h, $2, $3 FROM unnest($1::text[]) AS h
     ON CONFLICT (id_hash) DO UPDATE SET erased_at = greatest(erasure_suppressions.erased_at, EXCLUDED.erased_at),
       expires_at = greatest(erasure_suppressions.expires_at, EXCLUDED.expires_at)`,
    [ids.map(hash), at, expiresAt],
  );
  return result.rowCount ?? 0;
}

/** Of these ids, the suppressed ones with the instant they were erased. */
export async function suppressedIds(
  client: PoolClient | Pool,
  hash: IdHasher,
  ids: Iterable<string>,
  now: Date,
): Promise<Map<string, Date>> {
  const byHash = new Map<string, string>();
  for (const id of ids) byHash.set(hash(id), id);
  if (byHash.size === 0) return new Map();
  const result = await client.query<{ id_hash: string; erased_at: Date }>(
    `SELECT id_hash, erased_at FROM erasure_suppressions
     WHERE id_hash = ANY($1::text[]) AND expires_at > $2`,
    [[...byHash.keys()], now],
  );
  const out = new Map<string, Date>();
  for (const row of result.rows) {
    const id = byHash.get(row.id_hash);
    if (id !== undefined) out.set(id, row.erased_at);
  }
  return out;
}

/** Deletes suppressions whose retention has passed; returns how many. */
export async function expireSuppressions(pool: Pool, now: Date): Promise<number> {
  const result = await pool.query('DELETE FROM erasure_suppressions WHERE expires_at <= $1', [now]);
  return result.rowCount ?? 0;
}

/** An event as the suppression check needs it. */
export interface SuppressibleEvent {
  user_id?: string | null;
  anonymous_id?: string | null;
  occurred_at: string;
}

/**
 * Pure: whether an event is one the erasure removed (it names an erased id and occurred no later
 * than the erasure). Events after the erasure are new data and pass.
 */
export function isSuppressed(event: SuppressibleEvent, erased: ReadonlyMap<string, Date>): boolean {
  const at = Date.parse(event.occurred_at);
  for (const id of [event.user_id, event.anonymous_id]) {
    if (id === undefined || id === null) continue;
    const erasedAt = erased.get(id);
    if (erasedAt !== undefined && at <= erasedAt.getTime()) return true;
  }
  return false;
}

/**
 * Runs a consumer batch inside the shared suppression lock: `work` gets the suppressed ids among
 * `ids` and must have committed its writes when it resolves.
 */
export async function withSuppressionGate<T>(
  pool: Pool,
  hash: IdHasher,
  ids: Iterable<string>,
  now: Date,
  work: (erased: Map<string, Date>) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let locked = false;
  try {
    await client.query('SELECT pg_advisory_lock_shared($1)', [SUPPRESSION_LOCK_KEY]);
    locked = true;
    const erased = await suppressedIds(client, hash, ids, now);
    return await work(erased);
  } finally {
    if (locked) {
      await client
        .query('SELECT pg_advisory_unlock_shared($1)', [SUPPRESSION_LOCK_KEY])
        .then(() => client.release())
        // A connection whose unlock failed is dropped, which releases its session lock.
        .catch((err: unknown) => client.release(err instanceof Error ? err : true));
    } else {
      client.release();
    }
  }
}
