import type { RunOptions } from '@tributary/attribution-store';
import type { Pool, PoolClient } from '@tributary/postgres';
import type { SpendRow } from '../domain/parse-spend-csv';

/** Upserts spend rows (the last value of a channel and day wins); returns how many were written. */
export async function upsertSpend(pool: Pool, rows: readonly SpendRow[]): Promise<number> {
  let written = 0;
  for (let at = 0; at < rows.length; at += 1_000) {
    const chunk = rows.slice(at, at + 1_000);
    const { rowCount } = await pool.query(
      `INSERT INTO attribution_ad_spend (channel, day, cost)
       SELECT * FROM unnest($1::text[], $2::date[], $3::numeric[])
       ON CONFLICT (channel, day) DO UPDATE SET cost = EXCLUDED.cost, updated_at = now()`,
      [chunk.map((r) => r.channel), chunk.map((r) => r.day), chunk.map((r) => r.cost)],
    );
    written += rowCount ?? 0;
  }
  return written;
}

/** Total spend per channel over the run's dates (empty when no spend is loaded). */
export async function spendByChannel(
  client: Pool | PoolClient,
  options: RunOptions,
): Promise<Map<string, string>> {
  const { rows } = await client.query<{ channel: string; cost: string }>(
    `SELECT channel, sum(cost)::text AS cost FROM attribution_ad_spend
     WHERE day BETWEEN $1::date AND $2::date GROUP BY channel`,
    [options.date_from, options.date_to],
  );
  return new Map(rows.map((r) => [r.channel, r.cost]));
}
