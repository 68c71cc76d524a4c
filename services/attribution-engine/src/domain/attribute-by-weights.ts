import type { AttributionModelId, AttributionOptions, AttributionResult } from '@tributary/schemas';
import { createLedger, creditRow, ledgerResult } from './credit-ledger';
import type { PathSummary, PathSummaryRow } from './path-summary';

/** Per-touch weights of one row, summing to 1 (only asked for rows with conversions). */
export type TouchWeights = (row: PathSummaryRow) => ArrayLike<number>;

/** The shape shared by every path-level model: weights per touch, credited per converting row. */
export function attributeByWeights(
  summary: PathSummary,
  model: AttributionModelId,
  options: AttributionOptions,
  weightsOf: TouchWeights,
): AttributionResult {
  const ledger = createLedger(summary);
  for (const row of summary.rows) {
    if (row.conversions > 0) creditRow(ledger, row, weightsOf(row));
  }
  return ledgerResult(ledger, model, options);
}

export function oneHot(length: number, index: number): Float64Array {
  const weights = new Float64Array(length);
  weights[index] = 1;
  return weights;
}
