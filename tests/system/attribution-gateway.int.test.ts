import type { RunSnapshot } from '@tributary/attribution-store';
import type { HttpApp } from '@tributary/http';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  testEnv,
  testLogger,
  uniqueName,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { loadAttributionConfig } from '../../services/attribution-engine/src/config';
import {
  buildAttributionService,
  type AttributionService,
} from '../../services/attribution-engine/src/service';
import { insertJourneys } from '../../services/attribution-engine/src/testing/insert-journeys';
import {
  asKey,
  buildTestGateway,
  KEYS,
} from '../../services/query-api/src/test-support/test-gateway';

// query-api in front of the real attribution-engine (no stub): the routes query-api documents
// must exist on the engine and answer through the gateway.
const INTERNAL_TOKEN = TEST_SECRETS.internalToken;

describe('query-api -> attribution-engine (real services, PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let engine: AttributionService;
  let gateway: HttpApp;
  const viewer = asKey(KEYS.viewer);
  const get = (url: string) => gateway.inject({ method: 'GET', url, headers: viewer });

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    const prefix = `${uniqueName('attr-gw')}:`;
    const config = loadAttributionConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: prefix,
      TIME_ZONE: 'UTC',
      ATTRIBUTION_SCHEDULE_ENABLED: 'false',
      INTERNAL_API_TOKEN: INTERNAL_TOKEN,
    });
    engine = await buildAttributionService(config, testLogger('attribution-engine'));
    const url = await engine.app.listen({ host: '127.0.0.1', port: 0 });
    gateway = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: {
        ATTRIBUTION_ENGINE_URL: url,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        REDIS_KEY_PREFIX: prefix,
      },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await engine?.stop();
    await redis?.cleanup();
    await db?.drop();
  });

  it('evaluates a model on a path summary in the body, and names a bad row', async () => {
    const evaluate = await gateway.inject({
      method: 'POST',
      url: '/v1/attribution/evaluate',
      headers: viewer,
      payload: {
        model: 'linear',
        rows: [
          { path: 'email > search', conversions: 2, nulls: 0, revenue: '30' },
          { path: 'search', conversions: 1, nulls: 0, revenue: '10' },
        ],
      },
    });
    expect(evaluate.statusCode).toBe(200);
    expect(evaluate.json()).toMatchObject({
      model: 'linear',
      total_conversions: 3,
      total_revenue: '40',
      channels: { email: { revenue: '15' }, search: { revenue: '25' } },
    });
    const all = await gateway.inject({
      method: 'POST',
      url: '/v1/attribution/evaluate',
      headers: viewer,
      payload: { model: 'all', rows: [{ path: ['a', 'b'], conversions: 1, nulls: 1 }] },
    });
    expect(all.statusCode).toBe(200);
    expect(Object.keys(all.json<{ results: object }>().results)).toContain('markov');
    const bad = await gateway.inject({
      method: 'POST',
      url: '/v1/attribution/evaluate',
      headers: viewer,
      payload: { model: 'linear', rows: [{ path: 'a', conversions: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: 'row 1, column "nulls": missing' } });
  });

  it("serves a past run's results by run_id, not the latest run's", async () => {
    const run = async (window: { date_from: string; date_to: string }) => {
      const response = await engine.app.inject({
        method: 'POST',
        url: '/v1/attribution/runs?wait=true',
        headers: { 'x-internal-token': INTERNAL_TOKEN, 'x-tributary-role': 'operator' },
        payload: { ...window, time_zone: 'UTC', models: ['linear'] },
      });
      expect(response.statusCode).toBe(201);
      return response.json<RunSnapshot>().run.run_id;
    };
    await insertJourneys(db.pool, [
      {
        id: 'march',
        end: new Date('2025-03-10T12:00:00Z'),
        revenue: '30.00',
        touches: [{ channel: 'A', daysBefore: 0 }],
      },
      {
        id: 'april',
        end: new Date('2025-04-10T12:00:00Z'),
        revenue: '70.00',
        touches: [{ channel: 'B', daysBefore: 0 }],
      },
    ]);
    const march = await run({ date_from: '2025-03-01', date_to: '2025-03-31' });
    const april = await run({ date_from: '2025-04-01', date_to: '2025-04-30' });

    const latest = await get('/v1/attribution/results/linear');
    expect(latest.json()).toMatchObject({
      run: { run_id: april },
      result: { total_revenue: '70' },
    });
    const past = await get(`/v1/attribution/results/linear?run_id=${march}`);
    expect(past.statusCode).toBe(200);
    expect(past.json()).toMatchObject({ run: { run_id: march }, result: { total_revenue: '30' } });
    const pastAll = await get(`/v1/attribution/results?run_id=${march}`);
    expect(pastAll.json()).toMatchObject({ run: { run_id: march } });
    expect((await get('/v1/attribution/results/linear?run_id=no-such-run')).statusCode).toBe(404);
    expect((await get(`/v1/attribution/results/markov?run_id=${march}`)).statusCode).toBe(404);
  });
});
