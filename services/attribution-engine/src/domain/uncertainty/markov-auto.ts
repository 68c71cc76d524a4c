import type { HeldOutScore } from '@tributary/attribution-store';
import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { markov } from '../markov/markov';
import type { PathSummary } from '../path-summary';
import { chooseMarkovOrder, splitJourneys } from './held-out';

export type MarkovAutoResult = AttributionResult & {
  /** The order chosen on held-out likelihood and every order's held-out score. */
  readonly markov_auto: {
    readonly order: number;
    readonly seed: number;
    readonly scores: Readonly<Record<string, HeldOutScore>>;
  };
};

/**
 * Markov with its order (1-4) chosen by held-out likelihood on a seeded 80/20 split of the
 * journeys, then fitted on all of them at that order. `model` stays `markov` (the model is the
 * same; only the order was chosen), and `options.order` is the chosen order.
 */
export function markovAuto(
  summary: PathSummary,
  options: AttributionOptions,
  seed: number,
): MarkovAutoResult {
  const choice = chooseMarkovOrder(splitJourneys(summary, seed));
  return {
    ...markov(summary, { ...options, order: choice.order }),
    markov_auto: { order: choice.order, seed, scores: choice.scores },
  };
}
