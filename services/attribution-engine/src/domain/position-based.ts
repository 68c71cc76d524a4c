import type { AttributionOptions, AttributionResult, PositionWeights } from '@tributary/schemas';
import { AttributionError } from './attribution-error';
import { attributeByWeights } from './attribute-by-weights';
import type { PathSummary } from './path-summary';

export const DEFAULT_POSITION_WEIGHTS: PositionWeights = { first: 0.4, middle: 0.2, last: 0.4 };

/**
 * One touch: 100%. Two touches: first and last in the ratio first:last (50/50 by default).
 * Three or more: `first` to the first, `last` to the last, `middle` split evenly between the rest.
 */
export function positionWeights(length: number, weights: PositionWeights): Float64Array {
  const out = new Float64Array(length);
  if (length === 1) {
    out[0] = 1;
  } else if (length === 2) {
    const ends = weights.first + weights.last;
    out[0] = ends > 0 ? weights.first / ends : 0.5;
    out[1] = ends > 0 ? weights.last / ends : 0.5;
  } else {
    out.fill(weights.middle / (length - 2));
    out[0] = weights.first;
    out[length - 1] = weights.last;
  }
  return out;
}

export function validatePositionWeights(weights: PositionWeights): PositionWeights {
  const parts = [weights.first, weights.middle, weights.last];
  const sum = parts.reduce((a, b) => a + b, 0);
  if (parts.some((w) => !Number.isFinite(w) || w < 0) || Math.abs(sum - 1) > 1e-9) {
    throw new AttributionError(
      'invalid_option',
      `position_weights must be non-negative and sum to 1, got ${parts.join('/')}`,
    );
  }
  return weights;
}

export function positionBased(
  summary: PathSummary,
  options: AttributionOptions = {},
): AttributionResult {
  const weights = validatePositionWeights(options.position_weights ?? DEFAULT_POSITION_WEIGHTS);
  return attributeByWeights(
    summary,
    'position_based',
    { ...options, position_weights: weights },
    (row) => positionWeights(row.path.length, weights),
  );
}
