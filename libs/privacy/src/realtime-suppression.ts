import type { Pool } from '@tributary/postgres';
import type { ProductView, RealtimeWriter } from '@tributary/realtime-store';
import type { Redis } from '@tributary/redis';
import type { IdHasher } from './id-hasher';

/**
 * The suppression list as realtime-analytics reads it (it has no PostgreSQL): one Redis hash,
 * id HMAC -> "erasedAtMs:expiresAtMs". One key, so one slot on a Cluster too.
 */
export const SUPPRESSION_REDIS_KEY = '{sup}:erased';

/** Copies suppressions into Redis (an erasure's step, and every stitcher start after Redis loss). */
export async function mirrorSuppressions(
  redis: Redis,
  entries: readonly { idHash: string; erasedAt: Date; expiresAt: Date }[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const fields = entries.flatMap((e) => [
    e.idHash,
    `${e.erasedAt.getTime()}:${e.expiresAt.getTime()}`,
  ]);
  await redis.hset(SUPPRESSION_REDIS_KEY, ...fields);
  return entries.length;
}

/** Every suppression still in force, from PostgreSQL (the list of record). */
export async function activeSuppressions(
  pool: Pool,
  now: Date,
): Promise<{ idHash: string; erasedAt: Date; expiresAt: Date }[]> {
  const result = await pool.query<{ id_hash: string; erased_at: Date; expires_at: Date }>(
    'SELECT id_hash, erased_at, expires_at FROM erasure_suppressions WHERE expires_at > $1',
    [now],
  );
  return result.rows.map((r) => ({
    idHash: r.id_hash,
    erasedAt: r.erased_at,
    expiresAt: r.expires_at,
  }));
}

/**
 * A writer that drops the views of erased users that occurred up to their erasure, so neither a
 * redelivery nor a rebuild from Kafka brings their recently viewed lists or window entries back.
 * One HMGET per batch; the list is read fresh each time, so an erasure applies at once.
 */
export function suppressingWriter(
  writer: RealtimeWriter,
  redis: Redis,
  hash: IdHasher,
  onDropped?: (count: number) => void,
): RealtimeWriter {
  return {
    sweep: (now) => writer.sweep(now),
    async applyViews(views, now) {
      const users = [...new Set(views.map((v) => v.userId))];
      if (users.length === 0) return writer.applyViews(views, now);
      const marks = await redis.hmget(SUPPRESSION_REDIS_KEY, ...users.map(hash));
      const erasedAt = new Map<string, number>();
      marks.forEach((mark, i) => {
        if (!mark) return;
        const [erased, expires] = mark.split(':').map(Number);
        if (erased !== undefined && expires !== undefined && expires > now) {
          erasedAt.set(users[i] ?? '', erased);
        }
      });
      if (erasedAt.size === 0) return writer.applyViews(views, now);
      const kept = views.filter((v: ProductView) => {
        const at = erasedAt.get(v.userId);
        return at === undefined || v.occurredAt > at;
      });
      onDropped?.(views.length - kept.length);
      return writer.applyViews(kept, now);
    },
  };
}
