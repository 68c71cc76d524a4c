import { ATTRIBUTION_MODEL_IDS, type AttributionModelId } from '@tributary/schemas';

export interface ModelInfo {
  readonly id: AttributionModelId;
  readonly kind: 'rule-based' | 'data-driven';
  /** Rule-based models run as SQL over customer_journeys; the others over path summaries. */
  readonly runs_as: 'sql' | 'typescript';
  readonly options: readonly string[];
  readonly description: string;
}

const MODELS: readonly ModelInfo[] = [
  {
    id: 'first_touch',
    kind: 'rule-based',
    runs_as: 'sql',
    options: [],
    description: 'all credit to the first touch',
  },
  {
    id: 'last_touch',
    kind: 'rule-based',
    runs_as: 'sql',
    options: [],
    description: 'all credit to the last touch',
  },
  {
    id: 'linear',
    kind: 'rule-based',
    runs_as: 'sql',
    options: [],
    description: 'equal credit per touch',
  },
  {
    id: 'position_based',
    kind: 'rule-based',
    runs_as: 'sql',
    options: ['position_weights'],
    description: '40% first, 40% last, 20% over the middle touches (configurable)',
  },
  {
    id: 'time_decay',
    kind: 'rule-based',
    runs_as: 'sql',
    options: ['half_life'],
    description: 'weight 2^(-days before conversion / half-life), normalised per journey',
  },
  {
    id: 'markov',
    kind: 'data-driven',
    runs_as: 'typescript',
    options: ['order'],
    description: 'Markov-chain removal effect, solved exactly (orders 1-4)',
  },
  {
    id: 'shapley',
    kind: 'data-driven',
    runs_as: 'typescript',
    options: [],
    description: 'exact Shapley value of the path-containment game',
  },
  {
    id: 'fractribution',
    kind: 'data-driven',
    runs_as: 'typescript',
    options: [],
    description: "Google fractribution's path-level counterfactual",
  },
];

/** `smart` names the default data-driven model in the public API. */
export const SMART_MODEL: AttributionModelId = 'markov';

export function listModels(): readonly ModelInfo[] {
  return MODELS;
}

export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
  readonly code = 'unknown_model';
  constructor(readonly model: string) {
    super(`unknown model "${model}"; use smart or one of ${ATTRIBUTION_MODEL_IDS.join(', ')}`);
  }
}

/** Resolves `smart` and checks the id; throws UnknownModelError otherwise. */
export function resolveModelId(model: string): AttributionModelId {
  if (model === 'smart') return SMART_MODEL;
  if ((ATTRIBUTION_MODEL_IDS as readonly string[]).includes(model))
    return model as AttributionModelId;
  throw new UnknownModelError(model);
}
