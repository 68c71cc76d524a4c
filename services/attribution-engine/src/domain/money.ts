import { AttributionError } from './attribution-error';
import type { PathSummaryRow } from './path-summary';

// Revenue is split in integer minor units of the input's own scale, so channel revenues are
// exact decimals that add up to the total to the last digit (no binary floating point sums).
export const MAX_REVENUE_SCALE = 6;
const MIN_REVENUE_SCALE = 2;

export function revenueScale(rows: readonly PathSummaryRow[]): number {
  let scale = MIN_REVENUE_SCALE;
  for (const row of rows) {
    const dot = row.revenue.indexOf('.');
    if (dot >= 0) scale = Math.max(scale, row.revenue.length - dot - 1);
  }
  return scale;
}

/** `revenue` is a non-negative plain decimal string with at most `scale` decimals. */
export function toMinorUnits(revenue: string, scale: number): number {
  const dot = revenue.indexOf('.');
  const whole = dot < 0 ? revenue : revenue.slice(0, dot);
  const fraction = dot < 0 ? '' : revenue.slice(dot + 1);
  const minor = Number(whole + fraction.padEnd(scale, '0'));
  if (!Number.isSafeInteger(minor)) {
    throw new AttributionError(
      'revenue_overflow',
      `revenue ${revenue} is too large to split exactly`,
    );
  }
  return minor;
}

export function formatMinorUnits(minor: number, scale: number): string {
  const digits = String(minor).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return fraction.length > 0 ? `${whole}.${fraction}` : whole;
}

export function addMinorUnits(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    throw new AttributionError('revenue_overflow', 'total revenue is too large to sum exactly');
  }
  return sum;
}

/**
 * Splits `total` minor units in proportion to `weights` by largest remainder: the parts are
 * integers, sum to `total` exactly, and ties go to the lower index.
 */
export function allocateMinorUnits(total: number, weights: ArrayLike<number>): number[] {
  const n = weights.length;
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += weights[i] ?? 0;
  const parts = new Array<number>(n).fill(0);
  if (n === 0 || total === 0 || weightSum <= 0) return parts;
  const remainders: number[] = new Array<number>(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * (weights[i] ?? 0)) / weightSum;
    const floor = Math.floor(exact);
    parts[i] = floor;
    remainders[i] = exact - floor;
    assigned += floor;
  }
  let left = total - assigned;
  if (left === 0) return parts;
  const order = [...parts.keys()].sort(
    (a, b) => (remainders[b] ?? 0) - (remainders[a] ?? 0) || a - b,
  );
  // Float rounding can leave the floors one unit off in either direction; settle it here.
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]!]! += 1;
  for (let k = n - 1; left < 0; k = (k - 1 + n) % n) {
    const i = order[k]!;
    if (parts[i]! > 0) {
      parts[i]! -= 1;
      left++;
    }
  }
  return parts;
}
