import { createLedger } from '../credit-ledger';
import { solverFor } from '../markov/absorption-solver';
import { removalEffects } from '../markov/markov';
import { buildMarkovChain, CONVERSION, NULL, type MarkovChain } from '../markov/markov-chain';
import { pathKey, type PathSummary } from '../path-summary';

export type BootstrapModelId = 'markov' | 'shapley' | 'fractribution';
export const BOOTSTRAP_MODELS: readonly BootstrapModelId[] = ['markov', 'shapley', 'fractribution'];

/**
 * One model compiled against a summary's rows, so a bootstrap replicate (the same rows with
 * other counts) is evaluated from arrays, without re-reading paths or building string keys.
 * `evaluate` writes each channel's conversions and revenue (minor units, as floats: replicate
 * revenue only feeds interval bounds, which are rounded to minor units afterwards).
 */
export interface ReplicateModel {
  readonly channels: readonly string[];
  evaluate(
    conversions: Float64Array,
    nulls: Float64Array,
    revenueMinor: Float64Array,
    outConversions: Float64Array,
    outRevenue: Float64Array,
  ): void;
}

export function compileReplicateModel(
  model: BootstrapModelId,
  summary: PathSummary,
  order = 1,
): ReplicateModel {
  if (model === 'markov') return compileMarkov(summary, order);
  if (model === 'shapley') return compileShapley(summary);
  return compileFractribution(summary);
}

/** Per row: its touches' channel indexes (one entry per touch, as `creditRow` reads them). */
function touchChannels(summary: PathSummary): {
  channels: readonly string[];
  start: Int32Array;
  channel: Int32Array;
} {
  const ledger = createLedger(summary);
  const start = new Int32Array(summary.rows.length + 1);
  summary.rows.forEach((row, r) => (start[r + 1] = start[r]! + row.path.length));
  const channel = new Int32Array(start[summary.rows.length]!);
  summary.rows.forEach((row, r) =>
    row.path.forEach((token, i) => (channel[start[r]! + i] = ledger.tokenIndex.get(token)!)),
  );
  return { channels: ledger.channels, start, channel };
}

// Shapley: each row's value splits evenly over its distinct channels, whatever the counts.
function compileShapley(summary: PathSummary): ReplicateModel {
  const touches = touchChannels(summary);
  const start = new Int32Array(summary.rows.length + 1);
  const members: number[] = [];
  const share = new Float64Array(summary.rows.length);
  summary.rows.forEach((_, r) => {
    const distinct = new Set<number>();
    for (let t = touches.start[r]!; t < touches.start[r + 1]!; t++)
      distinct.add(touches.channel[t]!);
    members.push(...distinct);
    start[r + 1] = members.length;
    share[r] = distinct.size > 0 ? 1 / distinct.size : 0;
  });
  const member = Int32Array.from(members);
  return {
    channels: touches.channels,
    evaluate(conversions, _nulls, revenue, outConversions, outRevenue) {
      outConversions.fill(0);
      outRevenue.fill(0);
      for (let r = 0; r < share.length; r++) {
        const conv = conversions[r]!;
        if (conv === 0) continue;
        const c = conv * share[r]!;
        const v = revenue[r]! * share[r]!;
        for (let m = start[r]!; m < start[r + 1]!; m++) {
          outConversions[member[m]!]! += c;
          outRevenue[member[m]!]! += v;
        }
      }
    },
  };
}

// Fractribution: p(path) changes with the counts, so each row keeps the group of its own path
// and of each one-touch-removed counterfactual (-1 when absent from the summary: p = 0).
function compileFractribution(summary: PathSummary): ReplicateModel {
  const touches = touchChannels(summary);
  const groupOf = new Map<string, number>();
  const rowGroup = new Int32Array(summary.rows.length);
  summary.rows.forEach((row, r) => {
    const key = pathKey(row.path);
    let g = groupOf.get(key);
    if (g === undefined) groupOf.set(key, (g = groupOf.size));
    rowGroup[r] = g;
  });
  const counterfactual = new Int32Array(touches.channel.length).fill(-1);
  summary.rows.forEach((row, r) => {
    if (row.path.length < 2 || row.conversions === 0) return;
    for (let i = 0; i < row.path.length; i++) {
      const without = pathKey([...row.path.slice(0, i), ...row.path.slice(i + 1)]);
      counterfactual[touches.start[r]! + i] = groupOf.get(without) ?? -1;
    }
  });
  const groups = groupOf.size;
  const groupConversions = new Float64Array(groups);
  const groupJourneys = new Float64Array(groups);
  const p = new Float64Array(groups);
  let longest = 1;
  for (const row of summary.rows) longest = Math.max(longest, row.path.length);
  const marginal = new Float64Array(longest);
  return {
    channels: touches.channels,
    evaluate(conversions, nulls, revenue, outConversions, outRevenue) {
      outConversions.fill(0);
      outRevenue.fill(0);
      groupConversions.fill(0);
      groupJourneys.fill(0);
      for (let r = 0; r < rowGroup.length; r++) {
        groupConversions[rowGroup[r]!]! += conversions[r]!;
        groupJourneys[rowGroup[r]!]! += conversions[r]! + nulls[r]!;
      }
      for (let g = 0; g < groups; g++)
        p[g] = groupJourneys[g]! > 0 ? groupConversions[g]! / groupJourneys[g]! : 0;
      for (let r = 0; r < rowGroup.length; r++) {
        const conv = conversions[r]!;
        if (conv === 0) continue;
        const from = touches.start[r]!;
        const n = touches.start[r + 1]! - from;
        const own = p[rowGroup[r]!]!;
        let sum = 0;
        for (let i = 0; i < n && n > 1; i++) {
          const g = counterfactual[from + i]!;
          marginal[i] = Math.max(0, own - (g < 0 ? 0 : p[g]!));
          sum += marginal[i]!;
        }
        if (sum === 0) {
          // One touch, or every marginal 0: the last touch takes everything.
          outConversions[touches.channel[from + n - 1]!]! += conv;
          outRevenue[touches.channel[from + n - 1]!]! += revenue[r]!;
          continue;
        }
        for (let i = 0; i < n; i++) {
          const w = marginal[i]! / sum;
          outConversions[touches.channel[from + i]!]! += conv * w;
          outRevenue[touches.channel[from + i]!]! += revenue[r]! * w;
        }
      }
    },
  };
}

// Markov: the chain's edges are fixed by the paths; a replicate only changes their weights.
// Each row keeps the edges it walks, then the usual exact solve runs on the reweighted chain.
function compileMarkov(summary: PathSummary, order: number): ReplicateModel {
  const ledger = createLedger(summary);
  const chain = buildMarkovChain(summary.rows, order, ledger.tokenIndex, ledger.channels.length);
  const solver = solverFor(chain);
  const edgeOf = new Map<number, number>();
  const stride = 2 ** 26;
  for (let s = 0; s < chain.labels.length; s++)
    for (let e = chain.edgeStart[s]!; e < chain.edgeStart[s + 1]!; e++)
      edgeOf.set(s * stride + (chain.edgeTarget[e]! - NULL), e);
  const stateOf = new Map(chain.labels.map((label, s) => [label, s]));
  const walkStart = new Int32Array(summary.rows.length + 1);
  const walk: number[] = [];
  const exitState = new Int32Array(summary.rows.length).fill(-1);
  summary.rows.forEach((row, r) => {
    if (row.conversions + row.nulls > 0 && row.path.length > 0) {
      let previous = 0;
      for (let i = 0; i < row.path.length; i++) {
        const state = stateOf.get(row.path.slice(Math.max(0, i - order + 1), i + 1).join(' > '))!;
        walk.push(edgeOf.get(previous * stride + (state - NULL))!);
        previous = state;
      }
      exitState[r] = previous;
    }
    walkStart[r + 1] = walk.length;
  });
  const walkEdge = Int32Array.from(walk);
  const conversionEdge = new Int32Array(summary.rows.length).fill(-1);
  const nullEdge = new Int32Array(summary.rows.length).fill(-1);
  exitState.forEach((s, r) => {
    if (s < 0) return;
    conversionEdge[r] = edgeOf.get(s * stride + (CONVERSION - NULL)) ?? -1;
    nullEdge[r] = edgeOf.get(s * stride + (NULL - NULL)) ?? -1;
  });
  const edgeWeight = new Float64Array(chain.edgeWeight.length);
  const outWeight = new Float64Array(chain.labels.length);
  const replicate: MarkovChain = { ...chain, edgeWeight, outWeight };
  const channelCount = ledger.channels.length;
  return {
    channels: ledger.channels,
    evaluate(conversions, nulls, revenue, outConversions, outRevenue) {
      edgeWeight.fill(0);
      let total = 0;
      let totalRevenue = 0;
      for (let r = 0; r < exitState.length; r++) {
        const conv = conversions[r]!;
        const journeys = conv + nulls[r]!;
        if (journeys === 0 || exitState[r]! < 0) continue;
        for (let w = walkStart[r]!; w < walkStart[r + 1]!; w++)
          edgeWeight[walkEdge[w]!]! += journeys;
        // A replicate draws only categories the data has, so these edges exist when needed.
        if (conv > 0) edgeWeight[conversionEdge[r]!]! += conv;
        if (nulls[r]! > 0) edgeWeight[nullEdge[r]!]! += nulls[r]!;
        total += conv;
        totalRevenue += revenue[r]!;
      }
      outWeight.fill(0);
      for (let s = 0; s < outWeight.length; s++)
        for (let e = chain.edgeStart[s]!; e < chain.edgeStart[s + 1]!; e++)
          outWeight[s]! += edgeWeight[e]!;
      const { effects } = removalEffects(replicate, channelCount, solver);
      let sum = 0;
      for (let c = 0; c < channelCount; c++) sum += effects[c]!;
      for (let c = 0; c < channelCount; c++) {
        const share = sum > 0 ? effects[c]! / sum : 0;
        outConversions[c] = share * total;
        outRevenue[c] = share * totalRevenue;
      }
    },
  };
}
