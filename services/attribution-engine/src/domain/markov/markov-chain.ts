import type { PathSummaryRow } from '../path-summary';

export const CONVERSION = -1;
export const NULL = -2;
const STRIDE = 2 ** 26;

/**
 * Transient states (0 = start, then one per observed k-gram) with their out-edges in CSR form.
 * Targets are transient indexes or CONVERSION / NULL; weights are journey counts.
 */
export interface MarkovChain {
  readonly labels: readonly string[];
  /** For each channel index, the states whose k-gram contains that channel. */
  readonly statesOfChannel: readonly (readonly number[])[];
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
  readonly edgeWeight: Float64Array;
  readonly outWeight: Float64Array;
}

/**
 * Builds the order-k chain in one pass over the rows. The state after touch i is the k-gram of
 * touches max(0, i-k+1)..i, so a journey's first states are shorter grams; order 1 is the
 * classic chain of channels. `channelIndex` maps a path token to its channel.
 */
export function buildMarkovChain(
  rows: readonly PathSummaryRow[],
  order: number,
  channelIndex: ReadonlyMap<string, number>,
  channelCount: number,
): MarkovChain {
  const stateIndex = new Map<string, number>();
  const labels = ['(start)'];
  const stateChannels: number[][] = [[]];
  const edges = new Map<number, number>();
  const stateOf = (path: readonly string[], end: number): number => {
    const from = Math.max(0, end - order + 1);
    const key = order === 1 ? path[end]! : path.slice(from, end + 1).join('\u0001');
    let state = stateIndex.get(key);
    if (state === undefined) {
      state = labels.length;
      stateIndex.set(key, state);
      const window = path.slice(from, end + 1);
      labels.push(window.join(' > '));
      stateChannels.push([...new Set(window.map((token) => channelIndex.get(token)!))]);
    }
    return state;
  };
  const add = (from: number, to: number, weight: number): void => {
    const key = from * STRIDE + (to - NULL);
    edges.set(key, (edges.get(key) ?? 0) + weight);
  };
  for (const row of rows) {
    const journeys = row.conversions + row.nulls;
    if (journeys === 0 || row.path.length === 0) continue;
    let previous = 0;
    for (let i = 0; i < row.path.length; i++) {
      const state = stateOf(row.path, i);
      add(previous, state, journeys);
      previous = state;
    }
    if (row.conversions > 0) add(previous, CONVERSION, row.conversions);
    if (row.nulls > 0) add(previous, NULL, row.nulls);
  }
  return toCsr(labels, stateChannels, edges, channelCount);
}

function toCsr(
  labels: string[],
  stateChannels: number[][],
  edges: Map<number, number>,
  channelCount: number,
): MarkovChain {
  const states = labels.length;
  const keys = [...edges.keys()].sort((a, b) => a - b);
  const edgeStart = new Int32Array(states + 1);
  const edgeTarget = new Int32Array(keys.length);
  const edgeWeight = new Float64Array(keys.length);
  const outWeight = new Float64Array(states);
  keys.forEach((key, e) => {
    const from = Math.floor(key / STRIDE);
    edgeTarget[e] = (key % STRIDE) + NULL;
    edgeWeight[e] = edges.get(key) ?? 0;
    outWeight[from] = (outWeight[from] ?? 0) + (edgeWeight[e] ?? 0);
    edgeStart[from + 1]! += 1;
  });
  for (let s = 0; s < states; s++) edgeStart[s + 1]! += edgeStart[s]!;
  const statesOfChannel: number[][] = Array.from({ length: channelCount }, () => []);
  stateChannels.forEach((channels, state) => {
    for (const channel of channels) statesOfChannel[channel]!.push(state);
  });
  return { labels, statesOfChannel, edgeStart, edgeTarget, edgeWeight, outWeight };
}
