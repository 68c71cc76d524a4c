import type { ChannelInterval } from '@tributary/attribution-store';
import { AttributionError } from '../attribution-error';
import { formatMinorUnits, revenueScale, toMinorUnits } from '../money';
import type { PathSummary } from '../path-summary';
import { compileReplicateModel, type BootstrapModelId } from './replicate-models';
import { seededRandom } from './seeded-random';

export interface BootstrapSettings {
  /** Number of bootstrap replicates; 200 keeps the 5% and 95% quantiles stable to a few %. */
  readonly replicates: number;
  /** Two-sided level of the intervals (0.9: the 5th to the 95th percentile). */
  readonly level: number;
  readonly seed: number;
  /** Markov order of the model being bootstrapped. */
  readonly order?: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapSettings = { replicates: 200, level: 0.9, seed: 1 };

export interface BootstrapResult {
  readonly model: BootstrapModelId;
  readonly replicates: number;
  readonly level: number;
  readonly seed: number;
  readonly channels: Readonly<Record<string, ChannelInterval>>;
}

export function validateBootstrap(settings: BootstrapSettings): BootstrapSettings {
  const { replicates, level, seed } = settings;
  if (!Number.isInteger(replicates) || replicates < 10 || replicates > 100_000)
    throw new AttributionError(
      'invalid_option',
      `replicates must be an integer from 10 to 100000, got ${replicates}`,
    );
  if (!(level > 0 && level < 1))
    throw new AttributionError('invalid_option', `level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(seed))
    throw new AttributionError('invalid_option', `seed must be an integer, got ${seed}`);
  return settings;
}

/**
 * Draws journeys with replacement: the summary is N journeys, each a (row, converted or not)
 * category, and a replicate is N draws from them (multinomial with probabilities count / N).
 * `draw` holds one category per journey so a draw is O(1); 1M journeys take 4 MB. (Sorted
 * uniforms from exponential spacings, which avoid the random access, measured slower.)
 */
export function createJourneyResampler(summary: PathSummary, random: () => number) {
  const rows = summary.rows.length;
  let journeys = 0;
  for (const row of summary.rows) journeys += row.conversions + row.nulls;
  const draw = new Int32Array(journeys);
  let at = 0;
  summary.rows.forEach((row, r) => {
    draw.fill(2 * r, at, at + row.conversions);
    at += row.conversions;
    draw.fill(2 * r + 1, at, at + row.nulls);
    at += row.nulls;
  });
  const counts = new Float64Array(2 * rows);
  const conversions = new Float64Array(rows);
  const nulls = new Float64Array(rows);
  return {
    journeys,
    resample(): { conversions: Float64Array; nulls: Float64Array } {
      counts.fill(0);
      for (let j = 0; j < journeys; j++) counts[draw[Math.floor(random() * journeys)]!]! += 1;
      for (let r = 0; r < rows; r++) {
        conversions[r] = counts[2 * r]!;
        nulls[r] = counts[2 * r + 1]!;
      }
      return { conversions, nulls };
    },
  };
}

/** Quantile of sorted values with linear interpolation between order statistics (R's type 7). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile bootstrap over journeys for one data-driven model: each replicate resamples the
 * journeys (multinomial over the path-summary rows by their counts), reruns the model and
 * records every channel's conversions and revenue; the interval is the (1-level)/2 and
 * (1+level)/2 quantiles. A replicate path's revenue is its conversions times the path's mean
 * revenue per conversion (the summary keeps no per-journey revenue). Same seed, same intervals.
 */
export function bootstrapIntervals(
  summary: PathSummary,
  model: BootstrapModelId,
  settings: BootstrapSettings = DEFAULT_BOOTSTRAP,
): BootstrapResult {
  return bootstrapModels(summary, [model], settings)[0]!;
}

/**
 * The bootstrap of several models on the same replicates: one resample per replicate serves
 * every model (the costly part on 1M journeys), and each model's intervals equal those of
 * `bootstrapIntervals` with the same seed.
 */
export function bootstrapModels(
  summary: PathSummary,
  models: readonly BootstrapModelId[],
  settings: BootstrapSettings = DEFAULT_BOOTSTRAP,
): BootstrapResult[] {
  const { replicates, level, seed } = validateBootstrap(settings);
  const compiled = models.map((model) =>
    compileReplicateModel(model, summary, model === 'markov' ? (settings.order ?? 1) : 1),
  );
  const scale = revenueScale(summary.rows);
  const rows = summary.rows;
  const meanRevenue = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    if (row.conversions > 0) meanRevenue[r] = toMinorUnits(row.revenue, scale) / row.conversions;
  });
  const resampler = createJourneyResampler(summary, seededRandom(seed));
  const samples = compiled.map((c) => ({
    conv: Array.from({ length: c.channels.length }, () => new Float64Array(replicates)),
    rev: Array.from({ length: c.channels.length }, () => new Float64Array(replicates)),
    outConv: new Float64Array(c.channels.length),
    outRev: new Float64Array(c.channels.length),
  }));
  const revenue = new Float64Array(rows.length);
  for (let b = 0; b < replicates; b++) {
    const { conversions, nulls } = resampler.resample();
    for (let r = 0; r < rows.length; r++) revenue[r] = conversions[r]! * meanRevenue[r]!;
    compiled.forEach((model, m) => {
      const out = samples[m]!;
      model.evaluate(conversions, nulls, revenue, out.outConv, out.outRev);
      for (let c = 0; c < model.channels.length; c++) {
        out.conv[c]![b] = out.outConv[c]!;
        out.rev[c]![b] = out.outRev[c]!;
      }
    });
  }
  const lowQ = (1 - level) / 2;
  const highQ = (1 + level) / 2;
  return compiled.map((model, m) => {
    const result: Record<string, ChannelInterval> = {};
    model.channels.forEach((name, c) => {
      const conv = samples[m]!.conv[c]!.sort();
      const rev = samples[m]!.rev[c]!.sort();
      const minor = (q: number) => Math.max(0, Math.round(quantile(rev, q)));
      result[name] = {
        conversions: { ci_low: quantile(conv, lowQ), ci_high: quantile(conv, highQ) },
        revenue: {
          ci_low: formatMinorUnits(minor(lowQ), scale),
          ci_high: formatMinorUnits(minor(highQ), scale),
        },
      };
    });
    return { model: models[m]!, replicates, level, seed, channels: result };
  });
}

/**
 * Pairs of channels whose conversion intervals overlap: the data does not establish their
 * order. Sorted by the first channel, then the second.
 */
export function overlappingPairs(
  intervals: Readonly<Record<string, ChannelInterval>>,
): [string, string][] {
  const names = Object.keys(intervals).sort();
  const pairs: [string, string][] = [];
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      const a = intervals[names[i]!]!.conversions;
      const b = intervals[names[j]!]!.conversions;
      if (a.ci_low <= b.ci_high && b.ci_low <= a.ci_high) pairs.push([names[i]!, names[j]!]);
    }
  return pairs;
}
