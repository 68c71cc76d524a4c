import type { Logger } from '@tributary/logging';
import { withTransaction, type Pool } from '@tributary/postgres';
import { addDays, partitionDaysToEnsure, utcDay } from '../domain/partition-days';
import { lockPartitionDdl } from './stitch-lock';

/** Creates the missing daily partitions of [from, to] ('YYYY-MM-DD', UTC); returns their names. */
export async function ensureRawEventPartitions(
  pool: Pool,
  from: string,
  to: string,
  lockTimeoutMs = 5_000,
): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    // Attaching waits for every open transaction on the default partition; give up rather than
    // stall the consumer (rows land in the default partition until the next attempt moves them).
    await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
    await lockPartitionDdl(client);
    const result = await client.query<{ name: string }>(
      'SELECT ensure_raw_event_partitions($1::date, $2::date) AS name',
      [from, to],
    );
    return result.rows.map((r) => r.name);
  });
}

/** Detaches (never drops) the daily partitions older than today - keepDays; returns their names. */
export async function detachRawEventPartitions(
  pool: Pool,
  keepDays: number,
  today: string,
): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    await client.query(`SELECT set_config('lock_timeout', '5s', true)`);
    await lockPartitionDdl(client);
    const result = await client.query<{ name: string }>(
      'SELECT detach_raw_event_partitions($1::int, $2::date) AS name',
      [keepDays, today],
    );
    return result.rows.map((r) => r.name);
  });
}

export interface PartitionKeeper {
  /** Makes sure the days of these instants have partitions (within the retention horizon). */
  ensureFor(occurredAt: readonly Date[]): Promise<void>;
}

export function createPartitionKeeper(
  pool: Pool,
  settings: { retentionDays: number; aheadDays: number },
  now: () => Date,
  logger: Logger,
): PartitionKeeper {
  const known = new Set<string>();
  return {
    async ensureFor(occurredAt) {
      const days = partitionDaysToEnsure(occurredAt, known, { ...settings, today: utcDay(now()) });
      const first = days[0];
      const last = days.at(-1);
      if (first === undefined || last === undefined) return;
      try {
        const created = await ensureRawEventPartitions(pool, first, last);
        if (created.length > 0)
          logger.info({ partitions: created }, 'raw event partitions created');
        for (let day = first; day <= last; day = addDays(day, 1)) known.add(day);
      } catch (err) {
        logger.warn(
          { err, from: first, to: last },
          'raw event partitions not created, rows go to the default partition',
        );
      }
    },
  };
}
