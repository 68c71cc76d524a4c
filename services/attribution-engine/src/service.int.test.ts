import { getRun, readLatestResults, type RunSnapshot } from '@tributary/attribution-store';
import { createRedis, redisReady } from '@tributary/redis';
import type { InjectOptions } from 'fastify';
import {
  TEST_SECRETS,
  createTestDatabase,
  internalHeaders,
  testEnv,
  testLogger,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@tributary/testing';
import { loadAttributionConfig } from './config';
import { buildAttributionService, type AttributionService, type ServiceOptions } from './service';
import { insertJourneys, type TestJourney } from './testing/insert-journeys';

const END = new Date('2025-03-10T12:00:00Z');
const WINDOW = { date_from: '2025-03-01', date_to: '2025-03-31', time_zone: 'UTC' };

// Hand-checked set: A>B>C (days 14, 7, 0; 30.00), B (10.00), A>C (days 7, 0; 20.00); D only on a
// non-converting path A>D.
const JOURNEYS: TestJourney[] = [
  {
    id: 'o1',
    end: END,
    revenue: '30.00',
    touches: [
      { channel: 'A', daysBefore: 14 },
      { channel: 'B', daysBefore: 7 },
      { channel: 'C', daysBefore: 0 },
    ],
  },
  { id: 'o2', end: END, revenue: '10.00', touches: [{ channel: 'B', daysBefore: 0 }] },
  {
    id: 'o3',
    end: END,
    revenue: '20.00',
    touches: [
      { channel: 'A', daysBefore: 7 },
      { channel: 'C', daysBefore: 0 },
    ],
  },
  {
    id: 'n1',
    end: END,
    touches: [
      { channel: 'A', daysBefore: 2 },
      { channel: 'D', daysBefore: 0 },
    ],
  },
];

describe('attribution-engine service (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let prefix: string;
  const services: AttributionService[] = [];

  async function build(options: ServiceOptions = {}): Promise<AttributionService> {
    const config = loadAttributionConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testEnv.redisUrl,
      REDIS_KEY_PREFIX: prefix,
      TIME_ZONE: 'UTC',
      ATTRIBUTION_SCHEDULE_ENABLED: 'false',
      INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
      METRICS_PUBLIC: 'true',
    });
    const service = await buildAttributionService(config, testLogger(), options);
    services.push(service);
    return service;
  }

  async function deletePrefixKeys(): Promise<number> {
    const raw = createRedis({ url: testEnv.redisUrl });
    await redisReady(raw);
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) deleted += await raw.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    raw.disconnect();
    return deleted;
  }

  const call = (service: AttributionService, options: InjectOptions) =>
    service.app.inject({
      ...options,
      headers: { ...internalHeaders('operator'), ...options.headers },
    });

  const runNow = async (service: AttributionService, body: object = WINDOW) => {
    const response = await call(service, {
      method: 'POST',
      url: '/v1/attribution/runs?wait=true',
      payload: body,
    });
    expect(response.statusCode).toBe(201);
    return response.json<RunSnapshot>();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = `${uniqueName('attr')}:`;
    await insertJourneys(db.pool, JOURNEYS);
  });
  afterAll(async () => {
    for (const service of services) await service.stop();
    await deletePrefixKeys();
    await db.drop();
  });

  it('computes every model over the warehouse with the hand-checked answers', async () => {
    await db.pool.query(
      `INSERT INTO attribution_ad_spend (channel, day, cost) VALUES ('A', '2025-03-05', 5.5), ('A', '2025-03-06', 4.5), ('B', '2025-04-01', 99)`,
    );
    const { run, results } = await runNow(await build());
    const credit = (model: keyof typeof results, field: 'conversions' | 'revenue') =>
      Object.fromEntries(
        Object.entries(results[model]!.channels).map(([name, c]) => [name, c[field]]),
      );

    expect(run.status).toBe('succeeded');
    expect(run.diagnostics).toMatchObject({
      journeys: 3,
      non_converting_paths: 1,
      distinct_paths: 4,
      channels: ['A', 'B', 'C', 'D'],
    });
    expect(Object.keys(run.diagnostics!.runtime_ms)).toEqual(
      expect.arrayContaining(['path_summary', 'markov', 'time_decay', 'total']),
    );
    expect(credit('first_touch', 'conversions')).toEqual({ A: 2, B: 1, C: 0, D: 0 });
    expect(credit('first_touch', 'revenue')).toEqual({ A: '50', B: '10', C: '0', D: '0' });
    expect(credit('last_touch', 'revenue')).toEqual({ A: '0', B: '10', C: '50', D: '0' });
    expect(credit('linear', 'revenue')).toEqual({ A: '20', B: '20', C: '20', D: '0' });
    expect(credit('position_based', 'revenue')).toEqual({ A: '22', B: '16', C: '22', D: '0' });
    expect(credit('position_based', 'conversions')).toEqual({
      A: expect.closeTo(0.9, 12),
      B: expect.closeTo(1.2, 12),
      C: expect.closeTo(0.9, 12),
      D: 0,
    });
    // Half-life 7: o1 weighs 1/4 : 1/2 : 1, o3 1/2 : 1; revenue rounded once over the channels.
    expect(credit('time_decay', 'conversions')).toEqual({
      A: expect.closeTo(1 / 7 + 1 / 3, 12),
      B: expect.closeTo(2 / 7 + 1, 12),
      C: expect.closeTo(4 / 7 + 2 / 3, 12),
      D: 0,
    });
    expect(credit('time_decay', 'revenue')).toEqual({ A: '10.95', B: '18.57', C: '30.48', D: '0' });
    expect(credit('shapley', 'conversions')).toEqual({
      A: expect.closeTo(5 / 6, 12),
      B: expect.closeTo(4 / 3, 12),
      C: expect.closeTo(5 / 6, 12),
      D: 0,
    });
    expect(credit('fractribution', 'conversions')).toEqual({ A: 1, B: 1, C: 1, D: 0 });
    for (const result of Object.values(results)) {
      expect(result.total_conversions).toBe(3);
      expect(result.total_revenue).toBe('60');
    }
    // Spend in the window only: A cost 10, ROAS = 50 / 10 under first touch; B's April spend is outside.
    expect(results.first_touch!.channels.A).toMatchObject({ cost: '10', roas: 5 });
    expect(results.first_touch!.channels.B).toMatchObject({ cost: '0', roas: null });
    expect(results.first_touch!.total_cost).toBe('10');
  });

  // Response schemas filter: Fastify drops members a schema does not declare. Every answer must
  // still carry every member the run stored (intervals, trend, validation, markov_auto, spend...).
  it('answers every member the run stored: the response schemas drop nothing', async () => {
    // The first test's spend (the same rows, whichever test runs first): cost, ROAS and CPA.
    await db.pool.query(
      `INSERT INTO attribution_ad_spend (channel, day, cost) VALUES ('A', '2025-03-05', 5.5), ('A', '2025-03-06', 4.5)
       ON CONFLICT (channel, day) DO NOTHING`,
    );
    const service = await build();
    const answered = await runNow(service);
    const stored = JSON.parse(
      JSON.stringify(await getRun(db.pool, answered.run.run_id)),
    ) as RunSnapshot;
    // The nested, newer members are there to be lost.
    for (const member of ['"trend"', '"validation"', '"markov_auto"', '"roas"', '"ci_low"']) {
      expect(JSON.stringify(stored)).toContain(member);
    }
    expect(answered).toEqual(stored);
    const id = stored.run.run_id;
    const json = async (url: string) => (await call(service, { url })).json<unknown>();
    expect(await json(`/v1/attribution/runs/${id}`)).toEqual(stored);
    expect(await json(`/v1/attribution/results?run_id=${id}`)).toEqual({
      ...stored,
      source: 'warehouse',
    });
    for (const [model, result] of Object.entries(stored.results)) {
      // markov_auto is a result key, not a model id this route resolves (it answers 404).
      if (model === 'markov_auto') continue;
      expect(await json(`/v1/attribution/results/${model}?run_id=${id}`)).toEqual({
        run: stored.run,
        result,
        source: 'warehouse',
      });
    }
    const page = (await json('/v1/attribution/runs?limit=1000')) as { items: { run_id: string }[] };
    expect(page.items.find((run) => run.run_id === id)).toEqual(stored.run);
    const latest = (await json('/v1/attribution/results')) as RunSnapshot;
    expect(latest.run.run_id).toBe(id);
    expect(latest.results).toEqual(stored.results);
  });

  it('gives the ChannelAttribution vignette answer through the warehouse (Markov A=2, B=1)', async () => {
    const day = new Date('2025-05-10T12:00:00Z');
    const path = (id: string, channels: string) => ({
      id,
      end: day,
      revenue: '1.00',
      touches: channels
        .split('>')
        .map((channel, i, all) => ({ channel, daysBefore: all.length - i })),
    });
    await insertJourneys(db.pool, [
      path('v1', 'A>B>A>B>B>A'),
      path('v2', 'A>B>B>A>A'),
      path('v3', 'A>A'),
    ]);
    const { results } = await runNow(await build(), {
      date_from: '2025-05-01',
      date_to: '2025-05-31',
      time_zone: 'UTC',
      models: ['markov'],
    });
    expect(results.markov!.channels.A!.conversions).toBeCloseTo(2, 10);
    expect(results.markov!.channels.B!.conversions).toBeCloseTo(1, 10);
    // markov brings markov_auto (issue 23): three journeys support no order above 1.
    expect(Object.keys(results)).toEqual(['markov', 'markov_auto']);
    expect(results.markov_auto?.markov_auto?.order).toBe(1);
    expect(results.markov_auto?.channels.A?.conversions).toBeCloseTo(2, 10);
  });

  it('lets one of two replicas run when both are triggered at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const [one, two] = [
      await build({ beforePublish: () => gate }),
      await build({ beforePublish: () => gate }),
    ];
    const before = await db.pool.query('SELECT count(*)::int AS n FROM attribution_runs');
    const responses = await Promise.all(
      [one, two].map((s) =>
        call(s, { method: 'POST', url: '/v1/attribution/runs', payload: WINDOW }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([202, 409]);
    expect(responses.find((r) => r.statusCode === 409)!.json()).toMatchObject({
      error: { code: 'CONFLICT' },
    });
    release();
    const runId = responses.find((r) => r.statusCode === 202)!.json<RunSnapshot>().run.run_id;
    await waitFor(
      async () =>
        (await call(one, { url: `/v1/attribution/runs/${runId}` })).json<RunSnapshot>().run
          .status === 'succeeded',
    );
    const after = await db.pool.query('SELECT count(*)::int AS n FROM attribution_runs');
    expect(after.rows[0].n - before.rows[0].n).toBe(1);
  });

  it('serves the previous result to a reader while a run is in progress, then switches at once', async () => {
    const service = await build();
    const previous = await runNow(service);
    let release!: () => void;
    let reached = false;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = await build({
      beforePublish: async () => {
        reached = true;
        await gate;
      },
    });
    const started = await gated.runner.start(WINDOW, 'http');
    if (!started.started) throw new Error('expected the run to start');
    await waitFor(() => reached);
    const during = await call(service, { url: '/v1/attribution/results' });
    expect(during.json<RunSnapshot>().run.run_id).toBe(previous.run.run_id);
    expect((await call(service, { url: '/v1/attribution/results/smart' })).json()).toMatchObject({
      run: { run_id: previous.run.run_id },
      result: { model: 'markov' },
    });
    release();
    await started.done;
    const after = await call(service, { url: '/v1/attribution/results' });
    expect(after.json<RunSnapshot>().run.run_id).toBe(started.run.run_id);
  });

  it('recovers the last run from PostgreSQL when Redis lost it, and refills the cache', async () => {
    const service = await build();
    const last = await runNow(service);
    expect(await deletePrefixKeys()).toBeGreaterThan(0);
    const recovered = await readLatestResults(service.redis, service.pool);
    expect(recovered).toMatchObject({ source: 'warehouse', run: { run_id: last.run.run_id } });
    expect(recovered!.results).toEqual(last.results);
    const cached = await readLatestResults(service.redis, service.pool);
    expect(cached).toMatchObject({ source: 'cache', run: { run_id: last.run.run_id } });
    const one = await call(service, { url: '/v1/attribution/results/linear' });
    expect(one.json()).toMatchObject({
      source: 'cache',
      result: { model: 'linear', total_revenue: '60' },
    });
  });

  it.each([
    ['an unknown model', { ...WINDOW, models: ['magic'] }, 'unknown_model'],
    ['a half-life of 0', { ...WINDOW, half_life: 0 }, 'invalid_option'],
    ['a Markov order above 4', { ...WINDOW, order: 5 }, 'invalid_option'],
    [
      'dates in the wrong order',
      { ...WINDOW, date_from: '2025-03-31', date_to: '2025-03-01' },
      'invalid_option',
    ],
    ['an impossible date', { ...WINDOW, date_from: '2025-02-30' }, 'invalid_option'],
    ['only one date', { date_from: '2025-03-01' }, 'invalid_option'],
    ['an unknown transform', { ...WINDOW, transforms: ['shuffle'] }, 'invalid_option'],
    ['an unknown dimension', { ...WINDOW, dimension: 'device' }, 'invalid_option'],
  ])('refuses %s with a clear error and records no run', async (_name, body, code) => {
    const service = await build();
    const before = await db.pool.query('SELECT count(*)::int AS n FROM attribution_runs');
    const response = await call(service, {
      method: 'POST',
      url: '/v1/attribution/runs',
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'BAD_REQUEST', details: { code } } });
    const after = await db.pool.query('SELECT count(*)::int AS n FROM attribution_runs');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers unknown models and runs with 404, and serves health, readiness and metrics', async () => {
    const service = await build();
    expect((await call(service, { url: '/v1/attribution/results/magic' })).statusCode).toBe(404);
    expect((await call(service, { url: '/v1/attribution/runs/run_nope' })).statusCode).toBe(404);
    expect((await call(service, { url: '/readyz' })).json()).toEqual({ status: 'ready' });
    expect((await call(service, { url: '/metrics' })).statusCode).toBe(200);
    const models = (await call(service, { url: '/v1/attribution/models' })).json<{
      models: { id: string }[];
    }>();
    expect(models.models.map((m) => m.id)).toHaveLength(8);
  });

  // The finding: `POST /v1/attribution/runs` with `{}` and no credentials started a run whose
  // empty result then became the "latest" every dashboard read.
  it.each([
    ['no credentials', {}],
    ['a wrong internal token', { 'x-internal-token': 'x'.repeat(40), 'x-tributary-role': 'admin' }],
    ['the token without a role', { 'x-internal-token': TEST_SECRETS.internalToken }],
    ['a viewer', internalHeaders('viewer')],
  ])('refuses to start a run for %s and records none', async (_name, headers) => {
    const service = await build();
    const before = await db.pool.query('SELECT count(*)::int AS n FROM attribution_runs');
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/attribution/runs',
      headers,
      payload: {},
    });
    expect([401, 403]).toContain(response.statusCode);
    const after = await db.pool.query('SELECT count(*)::int AS n FROM attribution_runs');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('pages the run history newest first, runs started in the same millisecond included', async () => {
    const service = await build();
    const at = '2031-01-01T00:00:00.123';
    // Microseconds apart: the API shows milliseconds, so the cursor must hold that instant exactly.
    for (const [id, micro] of [
      ['page-a', '456'],
      ['page-b', '789'],
      ['page-c', '001'],
    ]) {
      await db.pool.query(
        `INSERT INTO attribution_runs (run_id, trigger, status, options, options_key, date_from, date_to, started_at, finished_at)
         VALUES ($1, 'http', 'failed', '{}', $1, '2031-01-01', '2031-01-01', $2, $2)`,
        [id, `${at}${micro}Z`],
      );
    }
    const walked: string[] = [];
    let url: string | null = '/v1/attribution/runs?limit=1';
    while (url !== null && walked.length < 10) {
      const response = await call(service, { url });
      expect(response.statusCode).toBe(200);
      const page: { items: { run_id: string }[]; next: string | null } = response.json();
      walked.push(...page.items.map((r) => r.run_id));
      url = page.next;
    }
    expect(walked.slice(0, 3)).toEqual(['page-c', 'page-b', 'page-a']);
    expect(new Set(walked).size).toBe(walked.length);
  });

  it('stops once, however often stop() is called', async () => {
    const service = await build();
    await Promise.all([service.stop(), service.stop()]);
    await expect(service.stop()).resolves.toBeUndefined();
  });
});
