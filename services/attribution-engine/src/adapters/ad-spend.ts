import type { MissingRate, RunOptions } from '@tributary/attribution-store';
import type { Pool, PoolClient } from '@tributary/postgres';
import { currencyMinorUnits } from '@tributary/schemas';
import type { SpendRow } from '../domain/parse-spend-csv';

/** Upserts spend rows (the last value of a channel and day wins); returns how many were written. */
export async function upsertSpend(pool: Pool, rows: readonly SpendRow[]): Promise<number> {
  let written = 0;
  for (let at = 0; at < rows.length; at += 1_000) {
    const chunk = rows.slice(at, at + 1_000);
    const { rowCount } = await pool.query(
      `INSERT INTO attribution_ad_spend (channel, day, cost, currency)
       SELECT * FROM unnest($1::text[], $2::date[], $3::numeric[], $4::text[])
       ON CONFLICT (channel, day)
       DO UPDATE SET cost = EXCLUDED.cost, currency = EXCLUDED.currency, updated_at = now()`,
      [
        chunk.map((r) => r.channel),
        chunk.map((r) => r.day),
        chunk.map((r) => r.cost),
        chunk.map((r) => r.currency ?? null),
      ],
    );
    written += rowCount ?? 0;
  }
  return written;
}

export interface ChannelSpend {
  /** Cost per channel in the run's reporting currency. */
  readonly costs: Map<string, string>;
  /** Spend rows in another currency with no rate for their day: left out of cost. */
  readonly withoutRate: MissingRate[];
}

/**
 * Total spend per channel over the run's dates (empty when no spend is loaded), in the run's
 * reporting currency: a row in another currency is converted at its day's rate and rounded to
 * the currency's minor units, as journey revenue is; a row without a rate is left out and listed.
 */
export async function spendByChannel(
  client: Pool | PoolClient,
  options: RunOptions,
): Promise<ChannelSpend> {
  const { rows } = await client.query<{
    channel: string;
    cost: string | null;
    missing: { currency: string; day: string }[] | null;
  }>(
    `SELECT s.channel,
       sum(CASE WHEN s.currency IS NULL OR $3::text IS NULL OR s.currency = $3::text THEN s.cost
                ELSE round(s.cost * fx.rate, $4::int) END)::text AS cost,
       jsonb_agg(jsonb_build_object('currency', s.currency, 'day', s.day::text))
         FILTER (WHERE s.currency <> $3::text AND fx.rate IS NULL) AS missing
     FROM attribution_ad_spend s
     LEFT JOIN fx_rates fx ON fx.from_currency = s.currency AND fx.to_currency = $3::text
       AND fx.rate_date = s.day
     WHERE s.day BETWEEN $1::date AND $2::date GROUP BY s.channel`,
    [
      options.date_from,
      options.date_to,
      options.currency ?? null,
      currencyMinorUnits(options.currency ?? 'XXX'),
    ],
  );
  const costs = new Map(rows.map((r) => [r.channel, r.cost ?? '0']));
  const missing = new Map<string, MissingRate>();
  for (const { currency, day } of rows.flatMap((r) => r.missing ?? [])) {
    const key = `${currency}|${day}`;
    const known = missing.get(key);
    missing.set(key, { currency, day, count: (known?.count ?? 0) + 1 });
  }
  return { costs, withoutRate: [...missing.values()] };
}
