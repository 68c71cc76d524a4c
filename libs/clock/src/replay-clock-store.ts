import type { Pool } from '@tributary/postgres';

export type ReplayClockChange = { ok: true; now: Date } | { ok: false; reason: string; now: Date };

export async function readReplayClock(pool: Pool): Promise<Date> {
  const { rows } = await pool.query<{ now: Date }>('SELECT now FROM replay_clock WHERE id');
  const row = rows[0];
  if (!row) throw new Error('replay_clock has no row; run the migrations');
  return row.now;
}

/** Sets the shared replay instant; refused when it would move time back (R4). */
export async function setReplayClock(pool: Pool, instant: Date): Promise<ReplayClockChange> {
  if (Number.isNaN(instant.getTime())) {
    return { ok: false, reason: 'not a valid instant', now: await readReplayClock(pool) };
  }
  const { rows } = await pool.query<{ now: Date }>(
    'UPDATE replay_clock SET now = $1, updated_at = now() WHERE id AND now <= $1 RETURNING now',
    [instant],
  );
  const row = rows[0];
  if (row) return { ok: true, now: row.now };
  return {
    ok: false,
    reason: 'the replay clock only moves forward',
    now: await readReplayClock(pool),
  };
}

/** Advances the shared replay instant by a non-negative duration, atomically. */
export async function advanceReplayClock(pool: Pool, ms: number): Promise<ReplayClockChange> {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    return {
      ok: false,
      reason: 'advance by a non-negative whole number of milliseconds',
      now: await readReplayClock(pool),
    };
  }
  const { rows } = await pool.query<{ now: Date }>(
    `UPDATE replay_clock SET now = now + $1::bigint * interval '1 millisecond',
       updated_at = now() WHERE id RETURNING now`,
    [ms],
  );
  const row = rows[0];
  if (!row) throw new Error('replay_clock has no row; run the migrations');
  return { ok: true, now: row.now };
}
