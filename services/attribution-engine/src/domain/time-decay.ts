import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { AttributionError } from './attribution-error';
import { attributeByWeights } from './attribute-by-weights';
import { pathKey, type PathSummary } from './path-summary';

export const DEFAULT_HALF_LIFE_DAYS = 7;

/** Weight 2^(-days / halfLife) per touch, normalised to sum to 1 over the journey. */
export function timeDecayWeights(days: readonly number[], halfLife: number): Float64Array {
  const out = new Float64Array(days.length);
  // Shifting by the smallest day keeps the weights representable for very old touches.
  const nearest = Math.min(...days);
  let sum = 0;
  for (let i = 0; i < days.length; i++) {
    out[i] = Math.pow(2, -((days[i]! - nearest) / halfLife));
    sum += out[i]!;
  }
  for (let i = 0; i < days.length; i++) out[i]! /= sum;
  return out;
}

export function validateHalfLife(halfLife: number): number {
  if (!Number.isFinite(halfLife) || halfLife <= 0) {
    throw new AttributionError('invalid_option', `half_life must be a number > 0, got ${halfLife}`);
  }
  return halfLife;
}

export function timeDecay(
  summary: PathSummary,
  options: AttributionOptions = {},
): AttributionResult {
  const halfLife = validateHalfLife(options.half_life ?? DEFAULT_HALF_LIFE_DAYS);
  return attributeByWeights(summary, 'time_decay', { ...options, half_life: halfLife }, (row) => {
    if (!row.daysBeforeConversion) {
      throw new AttributionError(
        'missing_days',
        `time_decay needs days_before_conversion; path "${pathKey(row.path)}" has none`,
      );
    }
    return timeDecayWeights(row.daysBeforeConversion, halfLife);
  });
}
