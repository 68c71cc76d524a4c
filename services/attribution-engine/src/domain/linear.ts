import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { attributeByWeights } from './attribute-by-weights';
import type { PathSummary } from './path-summary';

/** Equal credit per touch; a channel touched twice gets two shares. */
export function linear(summary: PathSummary, options: AttributionOptions = {}): AttributionResult {
  return attributeByWeights(summary, 'linear', options, (row) =>
    new Float64Array(row.path.length).fill(1 / row.path.length),
  );
}
