import {
  createTestDatabase,
  testEnv,
  testLogger,
  uniqueName,
  type TestDatabase,
} from '@tributary/testing';
import { loadAttributionConfig } from '../config';
import { buildAttributionService, type AttributionService } from '../service';
import { seededJourneys } from '../testing/seeded-journeys';
import { insertJourneys } from '../testing/insert-journeys';

const TOKEN = 'internal-token-0123456789-0123456789-abcdef';

describe('a run adds intervals, the held-out check, markov_auto and daily trends (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let service: AttributionService;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertJourneys(db.pool, seededJourneys(600, new Date('2026-09-01T10:00:00Z'), 11));
    await db.pool.query(
      `INSERT INTO attribution_ad_spend (channel, day, cost) VALUES ('search', '2026-09-02', 100)`,
    );
    const config = loadAttributionConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: `${uniqueName('attr-analytics')}:`,
      TIME_ZONE: 'Europe/Istanbul',
      ATTRIBUTION_SCHEDULE_ENABLED: 'false',
      ATTRIBUTION_BOOTSTRAP_REPLICATES: '50',
      ATTRIBUTION_ANALYTICS_SEED: '3',
      INTERNAL_API_TOKEN: TOKEN,
    });
    service = await buildAttributionService(config, testLogger());
  });
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  const run = async () => {
    const started = await service.runner.start(
      { date_from: '2026-08-25', date_to: '2026-09-20', models: 'all' },
      'cli',
    );
    if (!started.started) throw new Error('not started');
    return started.done;
  };

  it('stores the same intervals for the same seed, trends that add up, and the chosen order', async () => {
    const { run: first, results } = await run();
    const markov = results.markov!;
    expect(markov.bootstrap).toMatchObject({ replicates: 50, level: 0.9, seed: 3 });
    for (const credit of Object.values(markov.channels)) {
      expect(credit.ci!.conversions.ci_low).toBeLessThanOrEqual(credit.ci!.conversions.ci_high);
      expect(Number(credit.ci!.revenue.ci_low)).toBeLessThanOrEqual(
        Number(credit.ci!.revenue.ci_high),
      );
    }
    expect(results.shapley?.channels.search?.ci).toBeDefined();
    expect(results.fractribution?.channels.search?.ci).toBeDefined();
    expect(results.linear?.channels.search?.ci).toBeUndefined(); // rule-based: no interval

    // Linear is additive over journeys: its days add up to the window's credit.
    const trend = results.linear!.trend!;
    expect(trend.length).toBeGreaterThan(3);
    const sum = trend.reduce((s, d) => s + (d.channels.search?.conversions ?? 0), 0);
    expect(sum).toBeCloseTo(results.linear!.channels.search!.conversions, 6);
    expect(results.markov?.trend?.length).toBe(trend.length);

    const validation = first.diagnostics!.validation!;
    expect(Object.keys(validation.scores)).toEqual(
      expect.arrayContaining(['markov:1', 'markov:4', 'shapley', 'fractribution']),
    );
    expect(results.markov_auto?.markov_auto?.order).toBe(validation.markov_auto_order);
    expect(results.markov_auto?.options.order).toBe(validation.markov_auto_order);

    // Spend shows as cost, ROAS and CPA in the reporting currency.
    expect(results.linear?.channels.search).toMatchObject({ cost: '100' });
    expect(results.linear?.channels.search?.cpa).toMatch(/^\d+\.\d{2}$/);

    const { results: again } = await run();
    expect(again.markov?.channels).toEqual(results.markov?.channels);
  });
});
