import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { attributeByWeights, oneHot } from './attribute-by-weights';
import type { PathSummary } from './path-summary';

/** All credit of a path to its last touch. */
export function lastTouch(
  summary: PathSummary,
  options: AttributionOptions = {},
): AttributionResult {
  return attributeByWeights(summary, 'last_touch', options, (row) =>
    oneHot(row.path.length, row.path.length - 1),
  );
}
