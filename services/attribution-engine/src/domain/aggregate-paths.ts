import Decimal from 'decimal.js';
import { pathKey, type PathSummaryRow } from './path-summary';

/**
 * Sums rows with the same path. Rows whose days before conversion differ stay apart, so time
 * decay keeps its exact weights; the path-level models (Markov, fractribution) group by path.
 */
export function aggregatePaths(rows: readonly PathSummaryRow[]): PathSummaryRow[] {
  const byKey = new Map<string, PathSummaryRow>();
  for (const row of rows) {
    const days = row.daysBeforeConversion;
    const key = days ? `${pathKey(row.path)}\u0000${days.join(',')}` : pathKey(row.path);
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen
        ? {
            ...seen,
            conversions: seen.conversions + row.conversions,
            nulls: seen.nulls + row.nulls,
            revenue: new Decimal(seen.revenue).plus(row.revenue).toFixed(),
          }
        : row,
    );
  }
  return [...byKey.values()];
}
