import { publishRun, type RunModelResult, type RunSnapshot } from '@tributary/attribution-store';
import type { HttpApp } from '@tributary/http';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { asKey, buildTestGateway, KEYS } from './test-support/test-gateway';

const credit = (conversions: number, revenue: string, share: number) => ({
  conversions,
  revenue,
  share,
});
const markov: RunModelResult = {
  model: 'markov',
  options: { order: 1 },
  currency: 'TRY',
  total_conversions: 10,
  total_revenue: '100.10',
  channels: {
    email: {
      ...credit(6, '60.10', 0.6),
      ci: { conversions: { ci_low: 5, ci_high: 7 }, revenue: { ci_low: '50', ci_high: '70.2' } },
    },
    search: credit(4, '40', 0.4),
  },
  bootstrap: { replicates: 200, level: 0.9, seed: 1, overlapping_pairs: [] },
  trend: [
    {
      day: '2026-01-01',
      total_conversions: 3,
      total_revenue: '30',
      channels: { email: { conversions: 3, revenue: '30' } },
    },
    {
      day: '2026-01-02',
      total_conversions: 7,
      total_revenue: '70.1',
      channels: {
        email: { conversions: 3, revenue: '30.1' },
        search: { conversions: 4, revenue: '40' },
      },
    },
  ],
};
const linear: RunModelResult = {
  model: 'linear',
  options: {},
  currency: 'TRY',
  total_conversions: 10,
  total_revenue: '100.10',
  channels: { email: credit(5, '50.05', 0.5), search: credit(5, '50.05', 0.5) },
};
const validation = {
  seed: 1,
  fraction: 0.2,
  train_journeys: 80,
  test_journeys: 20,
  scores: { 'markov:1': { log_loss: 0.4, auc: 0.7, journeys: 20 } },
  markov_auto_order: 1,
};
const snapshot: RunSnapshot = {
  run: {
    run_id: 'run-analytics',
    trigger: 'schedule',
    status: 'succeeded',
    options: {
      models: ['markov', 'linear'],
      date_from: '2026-01-01',
      date_to: '2026-01-31',
      time_zone: 'UTC',
      dimension: 'channel',
      currency: 'TRY',
      transforms: [],
      half_life: 7,
      order: 1,
      position_weights: { first: 0.4, middle: 0.2, last: 0.4 },
    },
    options_key: 'k-analytics',
    started_at: '2026-02-01T00:00:00.000Z',
    finished_at: '2026-02-01T00:01:00.000Z',
    diagnostics: {
      journeys: 100,
      journeys_without_touches: 0,
      non_converting_paths: 50,
      distinct_paths: 10,
      date_from: '2026-01-01',
      date_to: '2026-01-31',
      channels: ['email', 'search'],
      runtime_ms: {},
      failures: {},
      spend_loaded: false,
      validation,
    },
    error: null,
  },
  results: { markov, linear },
};

describe('attribution trends, comparison and held-out routes (real Redis and PostgreSQL)', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let app: HttpApp;
  const get = (url: string, headers: Record<string, string> = asKey(KEYS.viewer)) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    [redis, db] = await Promise.all([createTestRedis(), createTestDatabase()]);
    app = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: { INTERNAL_API_TOKEN: TEST_SECRETS.internalToken },
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([redis.cleanup(), db.drop()]);
  });

  it('answers 404 before any run, and 401 without a credential', async () => {
    expect((await get('/v1/attribution/trends?model=markov')).statusCode).toBe(404);
    expect((await get('/v1/attribution/trends?model=markov', {})).statusCode).toBe(401);
  });

  it("serves a model's daily trend in the run's currency; smart names markov", async () => {
    await publishRun(redis.redis, snapshot);
    const answer = await get('/v1/attribution/trends?model=smart');
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({
      run_id: 'run-analytics',
      model: 'markov',
      currency: 'TRY',
      days: markov.trend,
    });
    expect((await get('/v1/attribution/trends?model=shapley')).statusCode).toBe(404);
    expect((await get('/v1/attribution/trends?model=astrology')).statusCode).toBe(400);
  });

  it('compares two models per channel with b - a, revenue exact', async () => {
    const answer = await get('/v1/attribution/compare?a=linear&b=markov');
    expect(answer.statusCode).toBe(200);
    const body = answer.json<{ channels: { channel: string; difference: unknown }[] }>();
    expect(body.channels).toEqual([
      expect.objectContaining({
        channel: 'email',
        difference: { conversions: 1, revenue: '10.05', share: expect.closeTo(0.1, 12) },
      }),
      expect.objectContaining({
        channel: 'search',
        difference: { conversions: -1, revenue: '-10.05', share: expect.closeTo(-0.1, 12) },
      }),
    ]);
    expect((await get('/v1/attribution/compare?a=linear&b=linear')).statusCode).toBe(400);
  });

  it('serves the held-out check of the run', async () => {
    const answer = await get('/v1/attribution/validation');
    expect(answer.json()).toEqual({ run_id: 'run-analytics', validation });
  });
});
