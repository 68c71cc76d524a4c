import type { AttributionModelId } from '@tributary/schemas';

/**
 * The model ids, kept here as a value so the CLI runs from source (tsx) without built libs;
 * a test checks it equals ATTRIBUTION_MODEL_IDS of @tributary/schemas.
 */
export const MODEL_IDS: readonly AttributionModelId[] = [
  'first_touch',
  'last_touch',
  'linear',
  'position_based',
  'time_decay',
  'markov',
  'shapley',
  'fractribution',
];
