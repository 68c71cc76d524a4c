import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { attributeByWeights, oneHot } from './attribute-by-weights';
import { pathKey, type PathSummary, type PathSummaryRow } from './path-summary';

/**
 * Google fractribution's path-level counterfactual (called "shapley" there and in Snowplow).
 * p(path) = conversions / (conversions + nulls) over the summary. For a path of one touch, that
 * touch gets everything. Otherwise touch i gets max(0, p(path) - p(path without touch i)),
 * normalised over the path; a counterfactual path absent from the summary has p = 0 (as in
 * fractribution); when every marginal is 0 the last touch gets all the credit.
 */
export function fractribution(
  summary: PathSummary,
  options: AttributionOptions = {},
): AttributionResult {
  const probability = conversionProbabilities(summary.rows);
  return attributeByWeights(summary, 'fractribution', options, (row) =>
    counterfactualWeights(row.path, probability),
  );
}

export function conversionProbabilities(rows: readonly PathSummaryRow[]): Map<string, number> {
  const counts = new Map<string, { conversions: number; journeys: number }>();
  for (const row of rows) {
    const key = pathKey(row.path);
    const entry = counts.get(key) ?? { conversions: 0, journeys: 0 };
    entry.conversions += row.conversions;
    entry.journeys += row.conversions + row.nulls;
    counts.set(key, entry);
  }
  const probability = new Map<string, number>();
  for (const [key, { conversions, journeys }] of counts) {
    probability.set(key, journeys > 0 ? conversions / journeys : 0);
  }
  return probability;
}

export function counterfactualWeights(
  path: readonly string[],
  probability: ReadonlyMap<string, number>,
): Float64Array {
  if (path.length === 1) return oneHot(1, 0);
  const p = probability.get(pathKey(path)) ?? 0;
  const marginals = new Float64Array(path.length);
  let sum = 0;
  for (let i = 0; i < path.length; i++) {
    const without = pathKey([...path.slice(0, i), ...path.slice(i + 1)]);
    marginals[i] = Math.max(0, p - (probability.get(without) ?? 0));
    sum += marginals[i]!;
  }
  if (sum === 0) return oneHot(path.length, path.length - 1);
  for (let i = 0; i < path.length; i++) marginals[i]! /= sum;
  return marginals;
}
