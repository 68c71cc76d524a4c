/**
 * One distinct (transformed) path with its counts. `revenue` is an exact decimal string
 * (the sum over the path's conversions); `daysBeforeConversion[i]` belongs to `path[i]`.
 */
export interface PathSummaryRow {
  readonly path: readonly string[];
  readonly conversions: number;
  readonly nulls: number;
  readonly revenue: string;
  readonly daysBeforeConversion?: readonly number[];
}

/**
 * Rows plus how to read their tokens: after the `frequency` transform tokens read "D(2)" and
 * are credited to channel "D", as fractribution does.
 */
export interface PathSummary {
  readonly rows: readonly PathSummaryRow[];
  readonly countLabels: boolean;
}

export function summaryOf(rows: readonly PathSummaryRow[]): PathSummary {
  return { rows, countLabels: false };
}

export function channelOf(summary: PathSummary, token: string): string {
  if (!summary.countLabels) return token;
  const open = token.lastIndexOf('(');
  return open > 0 ? token.slice(0, open) : token;
}

/** Channels that appear anywhere in the summary (converting or not), sorted. */
export function channelsOf(summary: PathSummary): string[] {
  const seen = new Set<string>();
  for (const row of summary.rows) for (const token of row.path) seen.add(channelOf(summary, token));
  return [...seen].sort();
}

export function totalConversions(summary: PathSummary): number {
  let total = 0;
  for (const row of summary.rows) total += row.conversions;
  return total;
}

export function pathKey(path: readonly string[]): string {
  return path.join(' > ');
}
