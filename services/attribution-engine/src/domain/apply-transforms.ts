import { aggregatePaths } from './aggregate-paths';
import type { PathTransform } from './path-transform';
import type { PathSummary, PathSummaryRow } from './path-summary';
import { transformTouches, type Touch } from './transform-touches';

/**
 * Runs `lookbackSteps` (keep the last N touches) first, then the transforms in order, then
 * re-aggregates rows whose transformed paths (and days) are identical. Without any transform the
 * rows pass through as they are: every model is additive over rows (fractribution groups paths
 * itself), so duplicates give the same result and the costly keying is skipped.
 */
export function applyTransforms(
  rows: readonly PathSummaryRow[],
  transforms: readonly PathTransform[],
  lookbackSteps?: number,
): PathSummary {
  const chain: PathTransform[] = lookbackSteps
    ? [{ kind: 'lookback-steps', steps: lookbackSteps }]
    : [];
  chain.push(...transforms);
  return {
    rows: chain.length === 0 ? rows : aggregatePaths(rows.map((row) => transformRow(row, chain))),
    countLabels: transforms.some((t) => t.kind === 'frequency'),
  };
}

function transformRow(row: PathSummaryRow, chain: readonly PathTransform[]): PathSummaryRow {
  let touches: readonly Touch[] = row.path.map((token, at) => ({ token, at }));
  for (const transform of chain) touches = transformTouches(touches, transform);
  const path = touches.map((touch) => touch.token);
  const days = row.daysBeforeConversion;
  return days
    ? { ...row, path, daysBeforeConversion: touches.map((touch) => days[touch.at]!) }
    : { ...row, path };
}
