import type { Pool } from '@tributary/postgres';
import type { FxRateRow } from '../domain/parse-fx-csv';

/**
 * Upserts rates into fx_rates (shared with campaign-goals): a loaded file is the operator's
 * correction, so it replaces a rate of the same pair and date. Returns the rows written.
 */
export async function upsertFxRates(
  pool: Pool,
  rows: readonly FxRateRow[],
  source = 'csv',
): Promise<number> {
  let written = 0;
  for (let at = 0; at < rows.length; at += 1_000) {
    const chunk = rows.slice(at, at + 1_000);
    const { rowCount } = await pool.query(
      `INSERT INTO fx_rates (from_currency, to_currency, rate_date, rate, source)
       SELECT f, t, d, r, $5 FROM unnest($1::text[], $2::text[], $3::date[], $4::numeric[]) AS x(f, t, d, r)
       ON CONFLICT (from_currency, to_currency, rate_date)
       DO UPDATE SET rate = EXCLUDED.rate, source = EXCLUDED.source
       WHERE fx_rates.rate IS DISTINCT FROM EXCLUDED.rate`,
      [
        chunk.map((r) => r.from),
        chunk.map((r) => r.to),
        chunk.map((r) => r.date),
        chunk.map((r) => r.rate),
        source,
      ],
    );
    written += rowCount ?? 0;
  }
  return written;
}
