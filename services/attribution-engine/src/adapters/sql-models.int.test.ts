import type { RunOptions } from '@tributary/attribution-store';
import { createTestDatabase, type TestDatabase } from '@tributary/testing';
import { applyTransforms } from '../domain/apply-transforms';
import { MODELS, optionsFor } from '../domain/attribute';
import { resolveRunOptions, type RunRequest } from '../domain/run-options';
import { parsePathTransform } from '../domain/path-transform';
import { channelsOf, pathKey, type PathSummary } from '../domain/path-summary';
import { seededJourneys } from '../testing/seeded-journeys';
import { insertJourneys } from '../testing/insert-journeys';
import { countJourneys, loadPathSummary, withTouches } from './journey-touches';
import { runSqlModel, SQL_MODELS } from './rule-based-sql';

const DEFAULTS = {
  windowDays: 30,
  timeZone: 'UTC',
  request: { date_from: '2025-03-01', date_to: '2025-03-31' },
};
const options = (request: RunRequest): RunOptions =>
  resolveRunOptions(request, DEFAULTS, new Date());

const CASES: [string, RunRequest][] = [
  ['no transform', {}],
  ['exposure, half-life 3', { transforms: ['exposure'], half_life: 3 }],
  ['first + lookback steps 3', { transforms: ['first'], lookback_steps: 3 }],
  ['frequency', { transforms: ['frequency'] }],
  [
    'remove-if-not-all + remove-if-last-and-not-all',
    { transforms: ['remove-if-not-all:display', 'remove-if-last-and-not-all:direct'] },
  ],
  [
    'lookback 5 days, weights 0.3/0.3/0.4',
    { lookback_days: 5, position_weights: { first: 0.3, middle: 0.3, last: 0.4 } },
  ],
  ['campaign dimension + exposure', { dimension: 'campaign', transforms: ['exposure'] }],
];

const sorted = (summary: PathSummary) =>
  summary.rows
    .map((r) => `${pathKey(r.path)}|${r.conversions}|${r.nulls}|${Number(r.revenue)}`)
    .sort();

describe('rule-based SQL models and SQL path summaries (real PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await insertJourneys(db.pool, seededJourneys(400, new Date('2025-03-15T00:00:00Z'), 7));
  });
  afterAll(() => db.drop());

  it.each(CASES)(
    'SQL equals the TypeScript models on the same summary (%s)',
    async (_name, request) => {
      const run = options(request);
      await withTouches(db.pool, run, async (touches) => {
        const counts = await countJourneys(touches);
        const summary = await loadPathSummary(touches, true);
        const channels = channelsOf(summary);
        expect(counts.converting).toBeGreaterThan(50);
        for (const model of SQL_MODELS) {
          const sql = await runSqlModel(touches, model, counts, channels);
          const ts = MODELS[model](
            summary,
            optionsFor(model, {
              ...run,
              transforms: [...run.transforms],
              lookback_steps: run.lookback_steps ?? 0,
            }),
          );
          expect(sql.options).toEqual(ts.options);
          expect(sql.total_conversions).toBe(ts.total_conversions);
          expect(sql.total_revenue).toBe(ts.total_revenue);
          expect(Object.keys(sql.channels)).toEqual(Object.keys(ts.channels));
          for (const [name, credit] of Object.entries(ts.channels)) {
            const got = sql.channels[name]!;
            expect(got.conversions).toBeCloseTo(credit.conversions, 9);
            expect(got.share).toBeCloseTo(credit.share, 12);
            // SQL rounds revenue once over the channels, TypeScript once per path: at most a cent per path apart.
            expect(Math.abs(Number(got.revenue) - Number(credit.revenue))).toBeLessThanOrEqual(
              summary.rows.length * 0.01,
            );
          }
        }
      });
    },
  );

  it.each(CASES)(
    'the SQL transforms give the TypeScript transforms’ path summary (%s)',
    async (_name, request) => {
      const run = options(request);
      const raw = options({ ...request, transforms: [], lookback_steps: undefined });
      const inSql = await withTouches(db.pool, run, (touches) => loadPathSummary(touches));
      const untransformed = await withTouches(db.pool, raw, (touches) => loadPathSummary(touches));
      const inTs = applyTransforms(
        untransformed.rows,
        run.transforms.map(parsePathTransform),
        run.lookback_steps,
      );
      expect(sorted(inSql)).toEqual(sorted(inTs));
      expect(inSql.countLabels).toBe(inTs.countLabels);
    },
  );

  it('drops journeys outside the window (dates in the run’s time zone) and counts those without touches', async () => {
    await insertJourneys(db.pool, [
      {
        id: 'edge-in',
        end: new Date('2025-03-31T20:59:59Z'),
        revenue: '1.00',
        touches: [{ channel: 'edge', daysBefore: 0 }],
      },
      {
        id: 'edge-out',
        end: new Date('2025-03-31T21:00:00Z'),
        revenue: '1.00',
        touches: [{ channel: 'edge', daysBefore: 0 }],
      },
      { id: 'bare', end: new Date('2025-03-20T00:00:00Z'), revenue: '5.00', touches: [] },
    ]);
    const run = options({ time_zone: 'Europe/Istanbul', models: ['first_touch'] });
    await withTouches(db.pool, run, async (touches) => {
      const summary = await loadPathSummary(touches);
      const edge = summary.rows.filter((r) => r.path.includes('edge'));
      expect(edge.map((r) => r.conversions)).toEqual([1]);
      expect((await countJourneys(touches)).converting_without_touches).toBe(1);
    });
  });
});
