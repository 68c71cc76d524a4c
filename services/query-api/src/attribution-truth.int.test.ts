import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishRun, type RunModelResult, type RunSnapshot } from '@tributary/attribution-store';
import type { HttpApp } from '@tributary/http';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import type { TruthAnswer } from './http/attribution-analytics-routes';
import { asKey, buildTestGateway, KEYS } from './test-support/test-gateway';

const credit = (conversions: number, share: number) => ({
  conversions,
  revenue: String(conversions * 10),
  share,
});
const result = (
  model: 'markov' | 'last_touch',
  channels: RunModelResult['channels'],
): RunModelResult => ({
  model,
  options: {},
  currency: 'TRY',
  total_conversions: 10,
  total_revenue: '100',
  channels,
});
// The truth: email caused 7 of the 10 orders, display 3. Last touch also credits `direct`,
// a channel the generator never made.
const markov = result('markov', { email: credit(6, 0.6), display: credit(4, 0.4) });
const lastTouch = result('last_touch', {
  email: credit(5, 0.5),
  display: credit(3, 0.3),
  direct: credit(2, 0.2),
});
const snapshot: RunSnapshot = {
  run: {
    run_id: 'run-truth',
    trigger: 'schedule',
    status: 'succeeded',
    options: {
      models: ['markov', 'last_touch'],
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
    options_key: 'k-truth',
    started_at: '2026-02-01T00:00:00.000Z',
    finished_at: '2026-02-01T00:01:00.000Z',
    diagnostics: null,
    error: null,
  },
  results: { markov, last_touch: lastTouch },
};

describe('the attribution truth table route (real Redis and PostgreSQL)', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let dir: string;
  let truthFile: string;
  let withTruth: HttpApp;
  let withoutTruth: HttpApp;
  const get = (app: HttpApp, url: string, headers: Record<string, string> = asKey(KEYS.viewer)) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    [redis, db] = await Promise.all([createTestRedis(), createTestDatabase()]);
    dir = mkdtempSync(join(tmpdir(), 'truth-'));
    truthFile = join(dir, 'truth.json');
    const gateway = (env: Record<string, string>) =>
      buildTestGateway({
        redis: redis.redis,
        pool: db.pool,
        env: { INTERNAL_API_TOKEN: TEST_SECRETS.internalToken, ...env },
      });
    [withTruth, withoutTruth] = await Promise.all([
      gateway({ ATTRIBUTION_TRUTH_FILE: truthFile }),
      gateway({}),
    ]);
  });
  afterAll(async () => {
    await Promise.all([withTruth.close(), withoutTruth.close()]);
    await Promise.all([redis.cleanup(), db.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('Given no truth file configured, When asked, Then 404 problem+json; without a credential 401', async () => {
    await publishRun(redis.redis, snapshot);
    const answer = await get(withoutTruth, '/v1/attribution/truth');
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect((await get(withTruth, '/v1/attribution/truth', {})).statusCode).toBe(401);
  });

  it('Given a configured file not written yet, When asked, Then 404', async () => {
    expect((await get(withTruth, '/v1/attribution/truth')).statusCode).toBe(404);
  });

  it("Given the generator's truth, When asked, Then each model's share beside the true share and the error", async () => {
    writeFileSync(
      truthFile,
      JSON.stringify({
        seed: 1,
        orders: 10,
        touchConversion: {
          email: { touches: 50, converted: 7 },
          display: { touches: 100, converted: 3 },
        },
      }),
    );
    const answer = await get(withTruth, '/v1/attribution/truth');
    expect(answer.statusCode).toBe(200);
    const body = answer.json<TruthAnswer>();
    expect(body.run_id).toBe('run-truth');
    expect(body.models).toEqual(['last_touch', 'markov']);
    const close = (n: number) => expect.closeTo(n, 12) as unknown as number;
    expect(body.channels).toEqual([
      {
        channel: 'direct',
        true_conversions: 0,
        true_share: 0,
        models: {
          last_touch: { share: 0.2, error: close(0.2) },
          markov: { share: 0, error: 0 },
        },
      },
      {
        channel: 'display',
        true_conversions: 3,
        true_share: close(0.3),
        models: {
          last_touch: { share: 0.3, error: close(0) },
          markov: { share: 0.4, error: close(0.1) },
        },
      },
      {
        channel: 'email',
        true_conversions: 7,
        true_share: close(0.7),
        models: {
          last_touch: { share: 0.5, error: close(-0.2) },
          markov: { share: 0.6, error: close(-0.1) },
        },
      },
    ]);
    expect(body.mean_absolute_error).toEqual({
      last_touch: close(0.4 / 3),
      markov: close(0.2 / 3),
    });
  });

  it('Given a malformed truth file, When asked, Then 500 problem+json, not a table', async () => {
    writeFileSync(truthFile, JSON.stringify({ touchConversion: { email: { converted: -1 } } }));
    const answer = await get(withTruth, '/v1/attribution/truth');
    expect(answer.statusCode).toBe(500);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });

  it('Given a run_id, When it names no run, Then 404; the path never comes from the request', async () => {
    writeFileSync(
      truthFile,
      JSON.stringify({ touchConversion: { email: { touches: 1, converted: 1 } } }),
    );
    expect((await get(withTruth, '/v1/attribution/truth?run_id=nope')).statusCode).toBe(404);
    expect((await get(withTruth, '/v1/attribution/truth?file=/etc/passwd')).statusCode).toBe(200);
  });
});
