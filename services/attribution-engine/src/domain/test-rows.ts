import type { PathSummaryRow } from './path-summary';

/** Test shorthand: `row('A>B', 2, 1, '10.00', [3, 0])`. */
export function row(
  path: string,
  conversions: number,
  nulls = 0,
  revenue = '0',
  daysBeforeConversion?: number[],
): PathSummaryRow {
  const base = { path: path.split('>'), conversions, nulls, revenue };
  return daysBeforeConversion ? { ...base, daysBeforeConversion } : base;
}

/** The `code` of the error `fn` throws (tests compare it to the closed list of codes). */
export function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}
