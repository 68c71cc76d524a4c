import type { AttributionModelId, AttributionOptions, AttributionResult } from '@tributary/schemas';
import { MODEL_IDS } from './model-ids';
import { applyTransforms } from './apply-transforms';
import { AttributionError } from './attribution-error';
import { firstTouch } from './first-touch';
import { fractribution } from './fractribution';
import { lastTouch } from './last-touch';
import { linear } from './linear';
import { markov, validateOrder } from './markov/markov';
import { formatPathTransform, parsePathTransform } from './path-transform';
import type { PathSummary, PathSummaryRow } from './path-summary';
import { positionBased, DEFAULT_POSITION_WEIGHTS, validatePositionWeights } from './position-based';
import { shapley } from './shapley';
import { timeDecay, DEFAULT_HALF_LIFE_DAYS, validateHalfLife } from './time-decay';

export type AttributionModel = (
  summary: PathSummary,
  options: AttributionOptions,
) => AttributionResult;

export const MODELS: Readonly<Record<AttributionModelId, AttributionModel>> = {
  first_touch: firstTouch,
  last_touch: lastTouch,
  linear,
  position_based: positionBased,
  time_decay: timeDecay,
  markov: (summary, options) => markov(summary, options),
  shapley,
  fractribution,
};

export function isModelId(value: string): value is AttributionModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}

/** Options with defaults applied and checked once, before any model runs. */
export function resolveOptions(options: AttributionOptions): Required<AttributionOptions> {
  const steps = options.lookback_steps;
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) {
    throw new AttributionError(
      'invalid_option',
      `lookback_steps must be an integer >= 1, got ${steps}`,
    );
  }
  return {
    transforms: (options.transforms ?? []).map((t) => formatPathTransform(parsePathTransform(t))),
    lookback_steps: steps ?? 0,
    order: validateOrder(options.order ?? 1),
    half_life: validateHalfLife(options.half_life ?? DEFAULT_HALF_LIFE_DAYS),
    position_weights: validatePositionWeights(options.position_weights ?? DEFAULT_POSITION_WEIGHTS),
  };
}

/** Only the options a model reads go into its result (and so into its cache key). */
export function optionsFor(
  model: AttributionModelId,
  all: Required<AttributionOptions>,
): AttributionOptions {
  const common: AttributionOptions = { transforms: all.transforms };
  if (all.lookback_steps > 0) common.lookback_steps = all.lookback_steps;
  if (model === 'markov') return { ...common, order: all.order };
  if (model === 'time_decay') return { ...common, half_life: all.half_life };
  if (model === 'position_based') return { ...common, position_weights: all.position_weights };
  return common;
}

export function prepareSummary(
  rows: readonly PathSummaryRow[],
  all: Required<AttributionOptions>,
): PathSummary {
  if (rows.length === 0)
    throw new AttributionError('invalid_input', 'the path summary has no rows');
  const transforms = all.transforms.map(parsePathTransform);
  return applyTransforms(rows, transforms, all.lookback_steps || undefined);
}

export function attribute(
  rows: readonly PathSummaryRow[],
  model: string,
  options: AttributionOptions = {},
): AttributionResult {
  if (!isModelId(model)) {
    throw new AttributionError(
      'unknown_model',
      `unknown model "${model}"; use one of ${MODEL_IDS.join(', ')}`,
    );
  }
  const all = resolveOptions(options);
  return MODELS[model](prepareSummary(rows, all), optionsFor(model, all));
}
