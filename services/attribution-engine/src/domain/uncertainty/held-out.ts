import type { HeldOutReport, HeldOutScore } from '@tributary/attribution-store';
import { AttributionError } from '../attribution-error';
import { MAX_MARKOV_ORDER } from '../markov/markov';
import { channelOf, type PathSummary, type PathSummaryRow } from '../path-summary';
import { seededRandom } from './seeded-random';

/** The held-out share of journeys; the models are fitted on the other 80%. */
export const HELD_OUT_FRACTION = 0.2;
/** Pseudo-journeys pulling a sparse state's rate toward the next shorter context (backoff). */
const SMOOTHING = 2;
const CLAMP = 1e-6;
/**
 * Below this many held-out journeys, or without both outcomes among them, the standard error of
 * the loss difference means nothing (one journey has none), so markov_auto keeps order 1.
 */
export const MIN_JOURNEYS_FOR_ORDER = 30;

export interface SplitSummary {
  readonly train: PathSummary;
  readonly test: PathSummary;
}

/**
 * Puts every journey in the test set with probability `fraction` (seeded: the same seed gives
 * the same split). Revenue is not split: the check is on conversion only, and rows carry '0'.
 */
export function splitJourneys(
  summary: PathSummary,
  seed: number,
  fraction = HELD_OUT_FRACTION,
): SplitSummary {
  const random = seededRandom(seed);
  const train: PathSummaryRow[] = [];
  const test: PathSummaryRow[] = [];
  for (const row of summary.rows) {
    let testConversions = 0;
    let testNulls = 0;
    for (let j = 0; j < row.conversions; j++) if (random() < fraction) testConversions += 1;
    for (let j = 0; j < row.nulls; j++) if (random() < fraction) testNulls += 1;
    const keep = (conversions: number, nulls: number, into: PathSummaryRow[]) => {
      if (conversions + nulls > 0) into.push({ path: row.path, conversions, nulls, revenue: '0' });
    };
    keep(row.conversions - testConversions, row.nulls - testNulls, train);
    keep(testConversions, testNulls, test);
  }
  return {
    train: { rows: train, countLabels: summary.countLabels },
    test: { rows: test, countLabels: summary.countLabels },
  };
}

/** Predicts P(conversion) of a journey from its path, fitted on a training summary. */
export type ConversionPredictor = (path: readonly string[]) => number;

interface Rate {
  conversions: number;
  journeys: number;
}

function rates(rows: readonly PathSummaryRow[], keyOf: (path: readonly string[]) => string) {
  const map = new Map<string, Rate>();
  for (const row of rows) {
    const key = keyOf(row.path);
    const rate = map.get(key) ?? { conversions: 0, journeys: 0 };
    rate.conversions += row.conversions;
    rate.journeys += row.conversions + row.nulls;
    map.set(key, rate);
  }
  return map;
}

const globalRate = (rows: readonly PathSummaryRow[]) => {
  let conversions = 0;
  let journeys = 0;
  for (const row of rows) {
    conversions += row.conversions;
    journeys += row.conversions + row.nulls;
  }
  return (conversions + 0.5) / (journeys + 1);
};

const smoothed = (rate: Rate | undefined, prior: number) =>
  rate === undefined ? prior : (rate.conversions + SMOOTHING * prior) / (rate.journeys + SMOOTHING);

/**
 * Markov order k: a journey ends in the state of its last k touches (shorter when the path is
 * shorter, as in the chain), and that state's exits split into conversion and null; the
 * prediction is its conversion share, backed off through orders k-1 .. 1 to the overall rate
 * when the state is rare or unseen.
 */
export function markovPredictor(train: PathSummary, order: number): ConversionPredictor {
  const prior = globalRate(train.rows);
  const byOrder = Array.from({ length: order + 1 }, (_, k) =>
    k === 0 ? undefined : rates(train.rows, (path) => endState(path, k)),
  );
  return (path) => {
    let p = prior;
    for (let k = 1; k <= order; k++) p = smoothed(byOrder[k]!.get(endState(path, k)), p);
    return p;
  };
}

// The chain's state after the last touch: the last `order` touches (fewer on a short path).
const endState = (path: readonly string[], order: number) =>
  path.slice(Math.max(0, path.length - order)).join('\u0001');

/** Shapley's game values a set of channels: the conversion rate of paths with that set. */
export function shapleyPredictor(train: PathSummary): ConversionPredictor {
  const prior = globalRate(train.rows);
  const keyOf = (path: readonly string[]) =>
    [...new Set(path.map((token) => channelOf(train, token)))].sort().join('\u0001');
  const table = rates(train.rows, keyOf);
  return (path) => smoothed(table.get(keyOf(path)), prior);
}

/** Fractribution's p(path): the conversion rate of the exact path. */
export function fractributionPredictor(train: PathSummary): ConversionPredictor {
  const prior = globalRate(train.rows);
  const keyOf = (path: readonly string[]) => path.join('\u0001');
  const table = rates(train.rows, keyOf);
  return (path) => smoothed(table.get(keyOf(path)), prior);
}

const clamp = (p: number) => Math.min(1 - CLAMP, Math.max(CLAMP, p));

export function score(test: PathSummary, predict: ConversionPredictor): HeldOutScore {
  let loss = 0;
  let journeys = 0;
  const scored: { p: number; conversions: number; nulls: number }[] = [];
  for (const row of test.rows) {
    const p = clamp(predict(row.path));
    loss -= row.conversions * Math.log(p) + row.nulls * Math.log(1 - p);
    journeys += row.conversions + row.nulls;
    scored.push({ p, conversions: row.conversions, nulls: row.nulls });
  }
  return { log_loss: journeys > 0 ? loss / journeys : 0, auc: auc(scored), journeys };
}

/** Mann-Whitney AUC over weighted scores; ties count one half. 0.5 when a class is empty. */
export function auc(scored: { p: number; conversions: number; nulls: number }[]): number {
  const sorted = [...scored].sort((a, b) => a.p - b.p);
  let positives = 0;
  let negatives = 0;
  for (const s of sorted) {
    positives += s.conversions;
    negatives += s.nulls;
  }
  if (positives === 0 || negatives === 0) return 0.5;
  let below = 0;
  let wins = 0;
  for (let i = 0; i < sorted.length;) {
    let tiedPos = 0;
    let tiedNeg = 0;
    const p = sorted[i]!.p;
    for (; i < sorted.length && sorted[i]!.p === p; i++) {
      tiedPos += sorted[i]!.conversions;
      tiedNeg += sorted[i]!.nulls;
    }
    wins += tiedPos * (below + tiedNeg / 2);
    below += tiedNeg;
  }
  return wins / (positives * negatives);
}

export interface OrderChoice {
  readonly order: number;
  readonly scores: Readonly<Record<string, HeldOutScore>>;
}

/**
 * Markov order 1-4 by held-out likelihood. A higher order wins only when it lowers the held-out
 * log-loss by more than two standard errors of the paired per-journey difference against the
 * order chosen so far: more states always fit the training data better, and without that
 * margin noise would pick an order the data does not support.
 */
export function chooseMarkovOrder(split: SplitSummary, maxOrder = MAX_MARKOV_ORDER): OrderChoice {
  if (split.test.rows.length === 0 || split.train.rows.length === 0)
    throw new AttributionError('invalid_input', 'too few journeys for a held-out check');
  const predictors = Array.from({ length: maxOrder }, (_, k) =>
    markovPredictor(split.train, k + 1),
  );
  const losses = predictors.map((predict) =>
    split.test.rows.map((row) => {
      const p = clamp(predict(row.path));
      return { conv: -Math.log(p), null: -Math.log(1 - p) };
    }),
  );
  let chosen = 0;
  let testConversions = 0;
  let testNulls = 0;
  for (const row of split.test.rows) {
    testConversions += row.conversions;
    testNulls += row.nulls;
  }
  const informative =
    testConversions > 0 && testNulls > 0 && testConversions + testNulls >= MIN_JOURNEYS_FOR_ORDER;
  for (let k = 1; k < maxOrder && informative; k++) {
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    split.test.rows.forEach((row, r) => {
      const dConv = losses[k]![r]!.conv - losses[chosen]![r]!.conv;
      const dNull = losses[k]![r]!.null - losses[chosen]![r]!.null;
      n += row.conversions + row.nulls;
      sum += row.conversions * dConv + row.nulls * dNull;
      sumSq += row.conversions * dConv * dConv + row.nulls * dNull * dNull;
    });
    const mean = sum / n;
    const se = Math.sqrt(Math.max(0, sumSq / n - mean * mean) / n);
    if (mean < -2 * se) chosen = k;
  }
  const scores: Record<string, HeldOutScore> = {};
  predictors.forEach((predict, k) => (scores[`markov:${k + 1}`] = score(split.test, predict)));
  return { order: chosen + 1, scores };
}

const journeysOf = (summary: PathSummary) =>
  summary.rows.reduce((sum, row) => sum + row.conversions + row.nulls, 0);

/** The whole held-out check: split, fit every data-driven predictor, score, choose the order. */
export function heldOutReport(summary: PathSummary, seed: number): HeldOutReport {
  const split = splitJourneys(summary, seed);
  const choice = chooseMarkovOrder(split);
  return {
    seed,
    fraction: HELD_OUT_FRACTION,
    train_journeys: journeysOf(split.train),
    test_journeys: journeysOf(split.test),
    scores: {
      ...choice.scores,
      shapley: score(split.test, shapleyPredictor(split.train)),
      fractribution: score(split.test, fractributionPredictor(split.train)),
    },
    markov_auto_order: choice.order,
  };
}
