import type { HttpApp } from '@tributary/http';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { CAMPAIGN_ROUTES } from './http/campaign-routes';
import { startStubService, type StubService } from './test-support/stub-service';
import { asKey, buildTestGateway, KEYS } from './test-support/test-gateway';

const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_m, name: string) => (name === 'begin' ? '2026-01-01' : `${name}-1`));

describe('campaign routes proxied to campaign-goals and campaign-core', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let goals: StubService;
  let core: StubService;
  let app: HttpApp;
  const admin = asKey(KEYS.admin);

  beforeAll(async () => {
    [redis, db, goals, core] = await Promise.all([
      createTestRedis(),
      createTestDatabase(),
      startStubService(),
      startStubService(),
    ]);
    app = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: {
        CAMPAIGN_GOALS_URL: goals.url,
        CAMPAIGN_CORE_URL: core.url,
        INTERNAL_API_TOKEN: TEST_SECRETS.internalToken,
        UPSTREAM_TIMEOUT_MS: '300',
      },
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([goals.close(), core.close(), redis.cleanup(), db.drop()]);
  });

  it.each(CAMPAIGN_ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))(
    'forwards %s unchanged to its service',
    async (_name, route) => {
      const upstream = route.to === 'goals' ? goals : core;
      upstream.answer(() => ({ status: 200, body: { served: route.to } }));
      const url = `${concrete(route.url)}?x=1`;
      const payload =
        route.method === 'POST' || route.method === 'PUT'
          ? { 'client-id': '42', status: 'joined' }
          : undefined;
      const response = await app.inject({
        method: route.method,
        url,
        headers: admin,
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ served: route.to });
      const seen = upstream.seen.at(-1);
      expect(seen).toMatchObject({ method: route.method, url });
      expect(seen?.headers).toMatchObject({
        'x-tributary-role': 'admin',
        'x-internal-token': TEST_SECRETS.internalToken,
      });
      expect(seen?.headers['x-request-id']).toBe(response.headers['x-request-id']);
      if (payload) expect(JSON.parse(seen?.body ?? '')).toEqual(payload);
    },
  );

  it('carries If-Match to the owning service and its ETag and 412 back', async () => {
    const tag = '"0123456789abcdef0123456789abcdef"';
    core.answer(() => ({
      status: 412,
      headers: { etag: '"fedcba9876543210fedcba9876543210"' },
      body: { error: { code: 'PRECONDITION_FAILED', message: 'campaign 7 changed' } },
    }));
    const response = await app.inject({
      method: 'PUT',
      url: '/v1/campaigns/7',
      headers: { ...admin, 'if-match': tag },
      payload: { 'campaign-id': 7 },
    });
    expect(response.statusCode).toBe(412);
    expect(response.headers.etag).toBe('"fedcba9876543210fedcba9876543210"');
    expect(core.seen.at(-1)?.headers['if-match']).toBe(tag);
  });

  it('passes the service’s 4xx answers back as they are', async () => {
    core.answer(() => ({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'campaign c9 not found' } },
    }));
    const missing = await app.inject({ method: 'GET', url: '/v1/campaigns/c9', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'campaign c9 not found' },
    });
    goals.answer(() => ({
      status: 409,
      body: { error: { code: 'CONFLICT', message: 'the clock runs in system mode' } },
    }));
    const clock = await app.inject({
      method: 'POST',
      url: '/v1/admin/clock',
      headers: admin,
      payload: { 'advance-ms': 1000 },
    });
    expect(clock.statusCode).toBe(409);
  });

  it('hides an upstream crash behind a generic 502', async () => {
    core.answer(() => ({
      status: 500,
      body: { error: { message: 'TypeError at /srv/app.js:12' } },
    }));
    const response = await app.inject({ method: 'GET', url: '/v1/campaigns', headers: admin });
    expect(response.statusCode).toBe(502);
    expect(response.body).not.toContain('TypeError');
  });

  it('answers 504 with Retry-After when the service does not answer in time', async () => {
    goals.answer(() => ({ status: 200, hang: true }));
    const response = await app.inject({ method: 'GET', url: '/v1/streams', headers: admin });
    expect(response.statusCode).toBe(504);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('answers 503 with Retry-After when the service is down', async () => {
    const down = await startStubService();
    await down.close();
    const other = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: { CAMPAIGN_CORE_URL: down.url },
    });
    try {
      const response = await other.inject({
        method: 'GET',
        url: '/v1/clients/42/campaign-realizations',
        headers: admin,
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({
        error: { code: 'UNAVAILABLE', message: 'campaign-core is unavailable; retry later' },
      });
    } finally {
      await other.close();
    }
  });

  it('rejects a malformed JSON body before calling the service', async () => {
    const before = core.seen.length;
    const response = await app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"campaign-id": ',
    });
    expect(response.statusCode).toBe(400);
    expect(core.seen.length).toBe(before);
  });
});
