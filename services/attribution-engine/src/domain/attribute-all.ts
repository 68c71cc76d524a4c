import type { AttributionModelId, AttributionOptions, AttributionResult } from '@tributary/schemas';
import { MODEL_IDS } from './model-ids';
import { MODELS, optionsFor, prepareSummary, resolveOptions } from './attribute';
import { AttributionError, type AttributionErrorCode } from './attribution-error';
import type { PathSummaryRow } from './path-summary';

export interface ModelFailure {
  readonly code: AttributionErrorCode;
  readonly message: string;
}

export interface AllModelsResult {
  readonly results: Partial<Record<AttributionModelId, AttributionResult>>;
  /** Models that cannot run on this input (e.g. time_decay without days), with the reason. */
  readonly failures: Partial<Record<AttributionModelId, ModelFailure>>;
}

/**
 * Every model side by side on one transformed summary. Bad options or rows fail the whole call;
 * a model whose own precondition fails is reported in `failures`, the others still run.
 */
export function attributeAll(
  rows: readonly PathSummaryRow[],
  options: AttributionOptions = {},
): AllModelsResult {
  const all = resolveOptions(options);
  const summary = prepareSummary(rows, all);
  const results: AllModelsResult['results'] = {};
  const failures: AllModelsResult['failures'] = {};
  for (const model of MODEL_IDS) {
    try {
      results[model] = MODELS[model](summary, optionsFor(model, all));
    } catch (error) {
      if (!(error instanceof AttributionError)) throw error;
      failures[model] = { code: error.code, message: error.message };
    }
  }
  return { results, failures };
}
