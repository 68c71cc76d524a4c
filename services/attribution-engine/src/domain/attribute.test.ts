import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ATTRIBUTION_MODEL_IDS,
  attributionResultValidator,
  type AttributionResult,
} from '@tributary/schemas';
import { attribute } from './attribute';
import { attributeAll } from './attribute-all';
import { MODEL_IDS } from './model-ids';
import { parsePathSummaryCsv } from './parse-path-summary';
import type { PathSummaryRow } from './path-summary';
import { row, thrownCode } from './test-rows';

const FIXTURE = join(__dirname, '../../fixtures/example_path_summary.csv');
const fixtureRows = (): PathSummaryRow[] => parsePathSummaryCsv(readFileSync(FIXTURE, 'utf8'));

/** Adds revenue and days to the fixture so every model, time decay included, can run on it. */
const enrich = (rows: PathSummaryRow[]): PathSummaryRow[] =>
  rows.map((r, i) => ({
    ...r,
    revenue:
      r.conversions > 0
        ? `${r.conversions * 17 + (i % 7)}.${String(i % 100).padStart(2, '0')}`
        : '0',
    daysBeforeConversion: r.path.map((_, k) => (r.path.length - 1 - k) * 2 + (i % 3)),
  }));

const cents = (decimal: string): number => Math.round(Number(decimal) * 100);

function expectInvariants(result: AttributionResult): void {
  const credits = Object.values(result.channels);
  const shares = credits.reduce((sum, c) => sum + c.share, 0);
  const conversions = credits.reduce((sum, c) => sum + c.conversions, 0);
  const revenue = credits.reduce((sum, c) => sum + cents(c.revenue), 0);
  expect(shares).toBeCloseTo(1, 9);
  expect(conversions).toBeCloseTo(result.total_conversions, 6);
  expect(revenue).toBe(cents(result.total_revenue));
  expect(credits.every((c) => c.conversions >= 0 && c.share >= 0)).toBe(true);
  expect(attributionResultValidator.check(result).ok).toBe(true);
}

describe('attribute', () => {
  it.each(ATTRIBUTION_MODEL_IDS)(
    "Given fractribution's 758-path example with exposure, When %s runs, Then shares sum to 1 and credit sums to the totals",
    (model) => {
      const result = attribute(enrich(fixtureRows()), model, { transforms: ['exposure'] });
      expect(result.total_conversions).toBe(1983);
      expect(Object.keys(result.channels)).toHaveLength(11);
      expectInvariants(result);
    },
  );

  it.each(ATTRIBUTION_MODEL_IDS)(
    'Given two channels in mirror-image paths, When %s runs, Then they get equal credit',
    (model) => {
      const rows = [
        row('A>B', 3, 2, '6.00', [4, 1]),
        row('B>A', 3, 2, '6.00', [4, 1]),
        row('A', 2, 5, '4.00', [0]),
        row('B', 2, 5, '4.00', [0]),
      ];
      const result = attribute(rows, model);
      expect(result.channels.A!.conversions).toBeCloseTo(result.channels.B!.conversions, 12);
      expect(result.channels.A!.revenue).toBe(result.channels.B!.revenue);
    },
  );

  it('Given an unknown model, When attributed, Then it fails with unknown_model listing the ids', () => {
    expect(thrownCode(() => attribute([row('A', 1)], 'magic'))).toBe('unknown_model');
  });

  it('Given bad options, When attributed, Then it fails with invalid_option before any model runs', () => {
    const bad = [
      { order: 5 },
      { half_life: 0 },
      { lookback_steps: 0 },
      { transforms: ['sideways'] },
    ];
    for (const options of bad) {
      expect(thrownCode(() => attribute([row('A', 1)], 'linear', options))).toBe('invalid_option');
    }
  });

  it('Given transforms and lookback steps, When attributed, Then they are applied and echoed in the options', () => {
    const result = attribute([row('A>B>B>C', 1)], 'first_touch', {
      transforms: ['exposure'],
      lookback_steps: 2,
    });
    expect(result.options).toEqual({ transforms: ['exposure'], lookback_steps: 2 });
    expect(result.channels.B!.conversions).toBe(1);
    expect(Object.keys(result.channels)).toEqual(['B', 'C']);
  });
});

describe('MODEL_IDS', () => {
  it('Given the shared schema, When compared, Then the domain lists the same model ids in the same order', () => {
    expect(MODEL_IDS).toEqual(ATTRIBUTION_MODEL_IDS);
  });
});

describe('attributeAll', () => {
  it('Given rows without days, When all models run, Then time_decay is reported as failed and the rest succeed', () => {
    const { results, failures } = attributeAll(fixtureRows());
    expect(Object.keys(results)).toHaveLength(7);
    expect(failures.time_decay).toMatchObject({ code: 'missing_days' });
  });
});

describe('attribute on duplicate rows', () => {
  it.each(ATTRIBUTION_MODEL_IDS)(
    'Given a summary split into duplicate rows, When %s runs without transforms, Then the result equals the aggregated one',
    (model) => {
      const aggregated = [row('A>B', 4, 6, '8.00', [3, 0]), row('B', 2, 2, '3.00', [0])];
      const split = [
        row('A>B', 1, 2, '2.00', [3, 0]),
        row('B', 2, 2, '3.00', [0]),
        row('A>B', 3, 4, '6.00', [3, 0]),
      ];
      const a = attribute(aggregated, model);
      const b = attribute(split, model);
      for (const channel of ['A', 'B']) {
        expect(b.channels[channel]!.conversions).toBeCloseTo(a.channels[channel]!.conversions, 12);
        expect(b.channels[channel]!.revenue).toBe(a.channels[channel]!.revenue);
      }
    },
  );
});
