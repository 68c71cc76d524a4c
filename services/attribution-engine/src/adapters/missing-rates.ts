import type { MissingRate, RunOptions } from '@tributary/attribution-store';
import type { Pool, PoolClient } from '@tributary/postgres';

const MAX_LISTED = 200;

/**
 * Converting journeys of the run's window (touches or not) whose order currency has no rate into
 * the reporting currency on their local conversion date, by currency and date: the run's
 * diagnostics report them instead of summing unconverted amounts.
 */
export async function journeysWithoutRate(
  client: Pool | PoolClient,
  options: RunOptions,
): Promise<MissingRate[]> {
  if (options.currency === undefined) return [];
  const { rows } = await client.query<MissingRate>(
    `SELECT cj.currency::text AS currency, (cj.converted_at AT TIME ZONE $3::text)::date::text AS day,
       count(*)::int AS count
     FROM customer_journeys cj
     WHERE cj.converted_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND cj.converted_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND cj.currency <> $4::text
       AND NOT EXISTS (SELECT 1 FROM fx_rates fx WHERE fx.from_currency = cj.currency
         AND fx.to_currency = $4::text AND fx.rate_date = (cj.converted_at AT TIME ZONE $3::text)::date)
     GROUP BY 1, 2 ORDER BY 1, 2 LIMIT ${MAX_LISTED}`,
    [options.date_from, options.date_to, options.time_zone, options.currency],
  );
  return rows;
}
