import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { attributeByWeights, oneHot } from './attribute-by-weights';
import type { PathSummary } from './path-summary';

/** All credit of a path to its first touch. */
export function firstTouch(
  summary: PathSummary,
  options: AttributionOptions = {},
): AttributionResult {
  return attributeByWeights(summary, 'first_touch', options, (row) => oneHot(row.path.length, 0));
}
