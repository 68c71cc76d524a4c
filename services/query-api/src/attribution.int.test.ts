import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import {
  getRun,
  publishRun,
  type AttributionRun,
  type RunModelResult,
  type RunSnapshot,
} from '@tributary/attribution-store';
import type { HttpApp } from '@tributary/http';
import { createPool, type Pool } from '@tributary/postgres';
import { createRedis } from '@tributary/redis';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { startStubService, type StubService } from './test-support/stub-service';
import { asKey, buildTestGateway, KEYS } from './test-support/test-gateway';

const result = (model: 'markov' | 'linear', share: number): RunModelResult => ({
  model,
  options: {},
  total_conversions: 10,
  total_revenue: '100.00',
  channels: {
    email: { conversions: 10 * share, revenue: (100 * share).toFixed(2), share },
    search: {
      conversions: 10 * (1 - share),
      revenue: (100 * (1 - share)).toFixed(2),
      share: 1 - share,
    },
  },
});

function snapshotOf(runId: string, finishedAt: string, markovShare: number): RunSnapshot {
  const run: AttributionRun = {
    run_id: runId,
    trigger: 'schedule',
    status: 'succeeded',
    options: {
      models: ['markov', 'linear'],
      date_from: '2026-01-01',
      date_to: '2026-01-31',
      time_zone: 'UTC',
      dimension: 'channel',
      transforms: [],
      half_life: 7,
      order: 1,
      position_weights: { first: 0.4, middle: 0.2, last: 0.4 },
    },
    options_key: `k-${runId}`,
    started_at: '2026-02-01T00:00:00.000Z',
    finished_at: finishedAt,
    diagnostics: null,
    error: null,
  };
  return { run, results: { markov: result('markov', markovShare), linear: result('linear', 0.5) } };
}

async function storeRun(pool: Pool, snapshot: RunSnapshot): Promise<void> {
  const { run } = snapshot;
  await pool.query(
    `INSERT INTO attribution_runs (run_id, trigger, status, options, options_key, date_from, date_to, started_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      run.run_id,
      run.trigger,
      run.status,
      run.options,
      run.options_key,
      run.options.date_from,
      run.options.date_to,
      run.started_at,
      run.finished_at,
    ],
  );
  for (const [model, value] of Object.entries(snapshot.results)) {
    await pool.query(
      'INSERT INTO attribution_results (run_id, model, result, runtime_ms) VALUES ($1, $2, $3, 1)',
      [run.run_id, model, value],
    );
  }
}

describe('attribution routes (real Redis and PostgreSQL)', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let engine: StubService;
  let app: HttpApp;
  const viewer = asKey(KEYS.viewer);
  const get = (url: string, headers: Record<string, string> = viewer) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    [redis, db, engine] = await Promise.all([
      createTestRedis(),
      createTestDatabase(),
      startStubService(),
    ]);
    app = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: { ATTRIBUTION_ENGINE_URL: engine.url, INTERNAL_API_TOKEN: TEST_SECRETS.internalToken },
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([engine.close(), redis.cleanup(), db.drop()]);
  });

  it('answers 404 before any run succeeded, and lists the models with the smart one', async () => {
    expect((await get('/v1/attribution/results/smart')).statusCode).toBe(404);
    expect((await get('/v1/attribution/results')).statusCode).toBe(404);
    const models = await get('/v1/attribution/models');
    expect(models.json()).toMatchObject({
      smart: 'markov',
      models: expect.arrayContaining([expect.objectContaining({ id: 'shapley' })]),
    });
  });

  it('compresses a cached answer in the encoding the client prefers, from its threshold up', async () => {
    const plain = await get('/v1/attribution/models');
    expect(plain.rawPayload.length).toBeGreaterThanOrEqual(1024);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const as = async (acceptEncoding: string, more: Record<string, string> = {}) =>
      get('/v1/attribution/models', { ...viewer, 'accept-encoding': acceptEncoding, ...more });
    const decoders = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync };
    for (const [header, encoding] of [
      ['gzip, deflate', 'gzip'],
      ['gzip;q=0.8, br', 'br'],
      ['deflate', 'deflate'],
      ['*', 'gzip'],
    ] as const) {
      const response = await as(header);
      expect(response.headers).toMatchObject({
        'content-encoding': encoding,
        vary: 'accept-encoding',
        etag: plain.headers.etag,
      });
      expect(decoders[encoding](response.rawPayload).toString()).toBe(plain.body);
      // Compressed once: the second answer is the same bytes.
      expect((await as(header)).rawPayload).toEqual(response.rawPayload);
    }
    for (const response of [
      await as('identity'),
      await as('gzip;q=0, compress'),
      await as('gzip', { 'x-no-compression': '1' }),
    ]) {
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.body).toBe(plain.body);
    }
    const revalidated = await as('gzip', { 'if-none-match': String(plain.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
  });

  it('serves the smart model from the cache with an ETag, and 304 on If-None-Match', async () => {
    const first = snapshotOf('run-1', '2026-02-01T01:00:00.000Z', 0.7);
    await storeRun(db.pool, first);
    await publishRun(redis.redis, first);
    const smart = await get('/v1/attribution/results/smart');
    expect(smart.statusCode).toBe(200);
    expect(smart.json()).toMatchObject({
      model: 'markov',
      requested: 'smart',
      run: { run_id: 'run-1' },
      result: { channels: { email: { share: 0.7 } } },
    });
    expect(smart.headers['cache-control']).toBe('private, max-age=60');
    const etag = String(smart.headers.etag);
    const again = await get('/v1/attribution/results/smart', { ...viewer, 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const linear = await get('/v1/attribution/results/linear');
    expect(linear.json()).toMatchObject({ model: 'linear', run: { run_id: 'run-1' } });
    expect(linear.headers.etag).not.toBe(etag);
  });

  it('follows a newer run: new body, new ETag', async () => {
    const before = await get('/v1/attribution/results/markov');
    const second = snapshotOf('run-2', '2026-02-02T01:00:00.000Z', 0.2);
    await storeRun(db.pool, second);
    await publishRun(redis.redis, second);
    const after = await get('/v1/attribution/results/markov', {
      ...viewer,
      'if-none-match': String(before.headers.etag),
    });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({
      run: { run_id: 'run-2' },
      result: { channels: { email: { share: 0.2 } } },
    });
    const all = await get('/v1/attribution/results');
    expect(Object.keys(all.json<{ results: object }>().results).sort()).toEqual([
      'linear',
      'markov',
    ]);
  });

  it('falls back to PostgreSQL when the cache lost the results', async () => {
    await redis.redis.del(
      'attribution:{attribution}:latest',
      'attribution:{attribution}:run:run-2',
    );
    const fresh = await buildTestGateway({ redis: redis.redis, pool: db.pool });
    try {
      const response = await fresh.inject({
        method: 'GET',
        url: '/v1/attribution/results/smart',
        headers: viewer,
      });
      expect(response.json()).toMatchObject({ run: { run_id: 'run-2' } });
    } finally {
      await fresh.close();
    }
  });

  it('rejects an unknown model and answers 404 for a model the run did not compute', async () => {
    const bad = await get('/v1/attribution/results/astrology');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    expect((await get('/v1/attribution/results/shapley')).statusCode).toBe(404);
  });

  it('lists runs newest first and serves one run by id', async () => {
    type Page = { items: { run_id: string }[]; next: string | null };
    const first = (await get('/v1/attribution/runs?limit=1')).json<Page>();
    expect(first.items.map((r) => r.run_id)).toEqual(['run-2']);
    expect(first.next).toMatch(/^\/v1\/attribution\/runs\?limit=1&cursor=[\w-]+$/);
    const second = (await get(first.next!)).json<Page>();
    expect(second.items.map((r) => r.run_id)).toEqual(['run-1']);
    const rest = second.next === null ? [] : (await get(second.next)).json<Page>().items;
    expect(rest.map((r) => r.run_id)).not.toContain('run-2');
    expect((await get('/v1/attribution/runs?limit=0')).statusCode).toBe(400);
    const one = await get('/v1/attribution/runs/run-1');
    expect(one.json()).toMatchObject({
      run: { run_id: 'run-1' },
      results: { markov: { model: 'markov' } },
    });
    // Serialized with their response schemas: every stored member is answered, none dropped.
    const stored = JSON.parse(JSON.stringify(await getRun(db.pool, 'run-1'))) as RunSnapshot;
    expect(one.json()).toEqual(stored);
    expect(second.items[0]).toEqual(stored.run);
    expect((await get('/v1/attribution/runs/nope')).statusCode).toBe(404);
  });

  // The evaluate route and past runs are tested against the real engine in
  // tests/system/attribution-gateway.int.test.ts; this stub only records the trust headers.
  it('forwards on-demand runs (operator) to the attribution engine with the trust headers', async () => {
    engine.answer((request) => ({
      status: 202,
      body: { echoed: JSON.parse(request.body) as unknown },
    }));
    const denied = await app.inject({
      method: 'POST',
      url: '/v1/attribution/runs',
      headers: viewer,
      payload: {},
    });
    expect(denied.statusCode).toBe(403);
    const run = await app.inject({
      method: 'POST',
      url: '/v1/attribution/runs',
      headers: asKey(KEYS.operator),
      payload: { models: ['markov'] },
    });
    expect(run.statusCode).toBe(202);
    expect(run.json()).toEqual({ echoed: { models: ['markov'] } });
    expect(engine.seen.at(-1)?.headers).toMatchObject({
      'x-tributary-role': 'operator',
      'x-internal-token': TEST_SECRETS.internalToken,
    });
  });

  it('answers 503 with Retry-After when neither Redis nor PostgreSQL answers', async () => {
    const deadRedis = createRedis({ url: 'redis://127.0.0.1:1' });
    const deadPool = createPool({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      applicationName: 'qa-test',
    });
    const down = await buildTestGateway({ redis: deadRedis, pool: deadPool });
    try {
      for (const url of ['/v1/attribution/results/smart', '/v1/attribution/runs']) {
        const response = await down.inject({ method: 'GET', url, headers: viewer });
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.body).not.toMatch(/ECONNREFUSED|at .*\.ts/);
      }
    } finally {
      await down.close();
      deadRedis.disconnect();
      await deadPool.end();
    }
  });
});
