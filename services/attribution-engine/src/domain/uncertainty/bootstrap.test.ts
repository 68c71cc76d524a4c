import { fractribution } from '../fractribution';
import { markov } from '../markov/markov';
import type { PathSummary } from '../path-summary';
import { shapley } from '../shapley';
import { row } from '../test-rows';
import {
  bootstrapIntervals,
  bootstrapModels,
  createJourneyResampler,
  overlappingPairs,
  quantile,
} from './bootstrap';
import { BOOTSTRAP_MODELS, compileReplicateModel } from './replicate-models';
import { seededRandom } from './seeded-random';
import { expectedSummary, sampleWorld, type SimulatedWorld } from './simulate';

const summary: PathSummary = {
  rows: [
    row('A>B>C', 30, 70, '300.00'),
    row('B>C', 20, 20, '250.50'),
    row('A', 5, 95, '40.00'),
    row('C>A>C', 10, 15, '99.99'),
    row('B', 0, 40),
    row('A>C', 12, 30, '120.00'),
    row('C', 8, 30, '8.00'),
  ],
  countLabels: false,
};
const full = { markov, shapley, fractribution };

describe('compileReplicateModel', () => {
  it.each(BOOTSTRAP_MODELS)(
    "Given the original counts, When %s is evaluated from its compiled form, Then it gives the model's own credit",
    (model) => {
      const compiled = compileReplicateModel(model, summary);
      const conv = Float64Array.from(summary.rows.map((r) => r.conversions));
      const nulls = Float64Array.from(summary.rows.map((r) => r.nulls));
      const revenue = Float64Array.from(
        summary.rows.map((r) => Math.round(Number(r.revenue) * 100)),
      );
      const outConv = new Float64Array(compiled.channels.length);
      const outRev = new Float64Array(compiled.channels.length);
      compiled.evaluate(conv, nulls, revenue, outConv, outRev);
      const expected = full[model](summary);
      compiled.channels.forEach((channel, c) => {
        expect(outConv[c]).toBeCloseTo(expected.channels[channel]!.conversions, 9);
        // Exact results split per path in whole minor units: within a cent per path.
        expect(
          Math.abs(outRev[c]! / 100 - Number(expected.channels[channel]!.revenue)),
        ).toBeLessThan(0.08);
      });
    },
  );

  it('Given order 2, When markov is evaluated from its compiled form, Then it matches the order-2 model', () => {
    const compiled = compileReplicateModel('markov', summary, 2);
    const conv = Float64Array.from(summary.rows.map((r) => r.conversions));
    const nulls = Float64Array.from(summary.rows.map((r) => r.nulls));
    const out = new Float64Array(compiled.channels.length);
    compiled.evaluate(conv, nulls, new Float64Array(summary.rows.length), out, new Float64Array(3));
    const expected = markov(summary, { order: 2 });
    compiled.channels.forEach((c, i) =>
      expect(out[i]).toBeCloseTo(expected.channels[c]!.conversions, 9),
    );
  });
});

describe('createJourneyResampler', () => {
  it('Given a seed, When replicates are drawn, Then each has N journeys and rows are drawn in proportion to their counts', () => {
    const resampler = createJourneyResampler(summary, seededRandom(3));
    const mean = new Float64Array(summary.rows.length);
    for (let b = 0; b < 400; b++) {
      const { conversions, nulls } = resampler.resample();
      let n = 0;
      conversions.forEach((c, r) => {
        n += c + nulls[r]!;
        mean[r]! += conversions[r]! / 400;
      });
      expect(n).toBe(resampler.journeys);
      expect(conversions[4]).toBe(0); // a row without conversions never gains one
    }
    summary.rows.forEach((r, i) => expect(Math.abs(mean[i]! - r.conversions)).toBeLessThan(2));
  });
});

describe('bootstrapIntervals', () => {
  it('Given the same seed, When run twice, Then the intervals are identical; another seed gives others', () => {
    const a = bootstrapIntervals(summary, 'markov', { replicates: 50, level: 0.9, seed: 7 });
    const b = bootstrapIntervals(summary, 'markov', { replicates: 50, level: 0.9, seed: 7 });
    const c = bootstrapIntervals(summary, 'markov', { replicates: 50, level: 0.9, seed: 8 });
    expect(b).toEqual(a);
    expect(c.channels).not.toEqual(a.channels);
  });

  it('Given revenue, When intervals are drawn, Then revenue bounds are decimal strings around the exact credit', () => {
    const result = bootstrapIntervals(summary, 'shapley', { replicates: 200, level: 0.9, seed: 1 });
    const exact = shapley(summary);
    for (const [channel, ci] of Object.entries(result.channels)) {
      expect(ci.revenue.ci_low).toMatch(/^\d+(\.\d{1,2})?$/);
      const credit = Number(exact.channels[channel]!.revenue);
      expect(Number(ci.revenue.ci_low)).toBeLessThanOrEqual(credit);
      expect(Number(ci.revenue.ci_high)).toBeGreaterThanOrEqual(credit);
      expect(ci.conversions.ci_low).toBeLessThanOrEqual(exact.channels[channel]!.conversions);
      expect(ci.conversions.ci_high).toBeGreaterThanOrEqual(exact.channels[channel]!.conversions);
    }
  });

  it('Given three models, When bootstrapped together, Then each gets the intervals it gets alone', () => {
    const settings = { replicates: 40, level: 0.9, seed: 5 };
    const together = bootstrapModels(summary, BOOTSTRAP_MODELS, settings);
    BOOTSTRAP_MODELS.forEach((model, i) =>
      expect(together[i]).toEqual(bootstrapIntervals(summary, model, settings)),
    );
  });

  it('Given a summary of 200,000 paths, When fractribution is compiled, Then it compiles (no argument-list limit)', () => {
    const big: PathSummary = {
      rows: Array.from({ length: 200_000 }, (_, i) => row(`A>B${i}`, 1, 1, '1.00')),
      countLabels: false,
    };
    expect(compileReplicateModel('fractribution', big).channels.length).toBe(200_001);
  });

  it('Given out-of-range settings, When asked, Then it refuses them', () => {
    expect(() =>
      bootstrapIntervals(summary, 'shapley', { replicates: 2, level: 0.9, seed: 1 }),
    ).toThrow(/replicates/);
    expect(() =>
      bootstrapIntervals(summary, 'shapley', { replicates: 50, level: 1, seed: 1 }),
    ).toThrow(/level/);
  });
});

// Known effects: C converts best, A opens journeys, B is weak.
const world: SimulatedWorld = {
  paths: [['A'], ['B'], ['C'], ['A', 'B'], ['A', 'C'], ['B', 'C'], ['A', 'B', 'C'], ['C', 'A']],
  weight: [20, 15, 10, 15, 10, 10, 10, 10],
  conversion: [0.05, 0.02, 0.2, 0.08, 0.3, 0.25, 0.35, 0.22],
  revenuePerConversion: 10,
};

describe('bootstrap coverage on simulated data with known effects', () => {
  // 200 seeded samples of 1,000 journeys, 100 replicates each: the unit tier's budget.
  const journeys = 1000;
  const repetitions = 200;
  it.each(BOOTSTRAP_MODELS)(
    'Given %s, When 200 seeded samples are bootstrapped, Then 90%% intervals cover the population value about 90%% of the time',
    (model) => {
      const truth = full[model](expectedSummary(world, journeys));
      const random = seededRandom(2024);
      let covered = 0;
      let trials = 0;
      for (let rep = 0; rep < repetitions; rep++) {
        const sample = sampleWorld(world, journeys, random);
        const result = bootstrapIntervals(sample, model, {
          replicates: 100,
          level: 0.9,
          seed: rep,
        });
        for (const [channel, ci] of Object.entries(result.channels)) {
          const value = truth.channels[channel]!.conversions;
          trials += 1;
          if (ci.conversions.ci_low <= value && value <= ci.conversions.ci_high) covered += 1;
        }
      }
      // 600 channel-trials: calibrated 90% intervals land within 0.85-0.95; intervals that
      // ignore the counts, or are a third too narrow or too wide, fall outside.
      expect(covered / trials).toBeGreaterThan(0.85);
      expect(covered / trials).toBeLessThan(0.95);
    },
  );
});

describe('quantile and overlappingPairs', () => {
  it('Given sorted values, When a quantile is asked, Then it interpolates between order statistics', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });
  it('Given three intervals, When compared, Then only the overlapping pair is listed', () => {
    const ci = (lo: number, hi: number) => ({
      conversions: { ci_low: lo, ci_high: hi },
      revenue: { ci_low: '0', ci_high: '0' },
    });
    expect(overlappingPairs({ A: ci(1, 5), B: ci(4, 8), C: ci(10, 12) })).toEqual([['A', 'B']]);
  });
});
