import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { AttributionError } from '../attribution-error';
import { createLedger, ledgerResult, totalRevenueMinor } from '../credit-ledger';
import { allocateMinorUnits } from '../money';
import { totalConversions, type PathSummary } from '../path-summary';
import {
  conversionProbability,
  solverFor,
  DENSE_STATE_LIMIT,
  type SolverKind,
} from './absorption-solver';
import { buildMarkovChain, CONVERSION, NULL, type MarkovChain } from './markov-chain';

export const MAX_MARKOV_ORDER = 4;

export function validateOrder(order: number): number {
  if (!Number.isInteger(order) || order < 1 || order > MAX_MARKOV_ORDER) {
    throw new AttributionError(
      'invalid_option',
      `order must be an integer from 1 to 4, got ${order}`,
    );
  }
  return order;
}

/**
 * Markov-chain removal effects, solved exactly. RE(c) = 1 - P(conversion | states containing c
 * removed) / P(conversion); transitions into a removed state go to null. Channels get
 * RE(c) / sum(RE) of the total conversions and of the total revenue.
 */
export function markov(
  summary: PathSummary,
  options: AttributionOptions = {},
  denseLimit: number = DENSE_STATE_LIMIT,
): AttributionResult {
  const order = validateOrder(options.order ?? 1);
  const ledger = createLedger(summary);
  const channelCount = ledger.channels.length;
  const chain = buildMarkovChain(summary.rows, order, ledger.tokenIndex, channelCount);
  const solver = solverFor(chain, denseLimit);
  const { base, effects } = removalEffects(chain, channelCount, solver);
  const effectSum = effects.reduce((a, b) => a + b, 0);
  const shares = effects.map((effect) => (effectSum > 0 ? effect / effectSum : 0));
  const total = totalConversions(summary);
  shares.forEach((share, c) => (ledger.conversions[c] = share * total));
  const revenue = allocateMinorUnits(totalRevenueMinor(summary, ledger.scale), shares);
  revenue.forEach((minor, c) => (ledger.revenueMinor[c] = minor));
  const result = ledgerResult(ledger, 'markov', { ...options, order }, effects);
  return {
    ...result,
    removal_effects: Object.fromEntries(ledger.channels.map((name, c) => [name, effects[c]!])),
    transition_matrix: transitionMatrix(chain),
    markov: {
      states: chain.labels.length,
      transitions: chain.edgeTarget.length,
      solver,
      conversion_probability: base,
    },
  };
}

/** P(conversion) and each channel's removal effect, clamped to [0, 1] (all 0 when P = 0). */
export function removalEffects(
  chain: MarkovChain,
  channelCount: number,
  solver: SolverKind,
): { base: number; effects: Float64Array } {
  const removed = new Uint8Array(chain.labels.length);
  const base = conversionProbability(chain, removed, solver);
  const effects = new Float64Array(channelCount);
  for (let c = 0; c < channelCount; c++) {
    if (base <= 0) break;
    removed.fill(0);
    for (const state of chain.statesOfChannel[c]!) removed[state] = 1;
    effects[c] = Math.min(1, Math.max(0, 1 - conversionProbability(chain, removed, solver) / base));
  }
  return { base, effects };
}

export function transitionMatrix(chain: MarkovChain): Record<string, Record<string, number>> {
  const matrix: Record<string, Record<string, number>> = {};
  chain.labels.forEach((label, s) => {
    const row: Record<string, number> = {};
    for (let e = chain.edgeStart[s]!; e < chain.edgeStart[s + 1]!; e++) {
      const to = chain.edgeTarget[e]!;
      const name = to === CONVERSION ? '(conversion)' : to === NULL ? '(null)' : chain.labels[to]!;
      row[name] = chain.edgeWeight[e]! / chain.outWeight[s]!;
    }
    matrix[label] = row;
  });
  return matrix;
}
