import type { HttpApp } from '@tributary/http';
import {
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { startStubService, type StubService } from './test-support/stub-service';
import { asKey, bearer, buildTestGateway, KEYS, signToken } from './test-support/test-gateway';

describe('query-api auth, roles and rate limits (real Redis and PostgreSQL)', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let core: StubService;
  let app: HttpApp;

  beforeAll(async () => {
    [redis, db, core] = await Promise.all([
      createTestRedis(),
      createTestDatabase(),
      startStubService(),
    ]);
    app = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: { CAMPAIGN_CORE_URL: core.url },
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([core.close(), redis.cleanup(), db.drop()]);
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const errorOf = (response: { json: () => unknown }) =>
    (response.json() as { error: { code: string; message: string } }).error;

  it.each([
    ['no credentials', {}, 'missing credentials'],
    ['an unknown API key', asKey('not-a-key-0123456789'), 'unknown API key'],
    ['a malformed bearer token', bearer('aaa.bbb.ccc'), 'invalid token'],
  ])('answers 401 with the error shape for %s', async (_name, headers, message) => {
    const response = await get('/v1/users/u1/recently-viewed', headers);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(errorOf(response)).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining(message),
    });
  });

  it('rejects a token signed with another secret, an expired one and one without a role', async () => {
    const forged = await signToken(
      { role: 'admin' },
      '5m',
      'another-secret-that-is-long-enough-987654321',
    );
    expect(errorOf(await get('/v1/users/u1/recently-viewed', bearer(forged))).message).toBe(
      'invalid token',
    );
    const expired = await signToken({ role: 'viewer' }, '-1m');
    expect(errorOf(await get('/v1/users/u1/recently-viewed', bearer(expired))).message).toBe(
      'token expired',
    );
    const roleless = await signToken({ sub: 'x' });
    expect((await get('/v1/users/u1/recently-viewed', bearer(roleless))).statusCode).toBe(401);
    const customerWithoutClient = await signToken({ role: 'customer' });
    expect(
      (await get('/v1/users/u1/recently-viewed', bearer(customerWithoutClient))).statusCode,
    ).toBe(401);
  });

  it('lets a viewer JWT and a viewer API key read', async () => {
    const token = await signToken({ sub: 'dash', role: 'viewer' });
    expect((await get('/v1/users/u1/recently-viewed', bearer(token))).statusCode).toBe(200);
    expect((await get('/v1/users/u1/recently-viewed', asKey(KEYS.viewer))).statusCode).toBe(200);
    expect((await get('/v1/users/u1/recently-viewed', bearer(KEYS.viewer))).statusCode).toBe(200);
  });

  it('answers 403 for the wrong role and never calls the service behind', async () => {
    const before = core.seen.length;
    const create = await app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: asKey(KEYS.viewer),
      payload: {},
    });
    expect(create.statusCode).toBe(403);
    expect(errorOf(create)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'this operation needs the operator role',
    });
    const clock = await app.inject({
      method: 'POST',
      url: '/v1/admin/clock',
      headers: asKey(KEYS.operator),
      payload: { 'advance-ms': 1 },
    });
    expect(clock.statusCode).toBe(403);
    const customerReadsReports = await get('/v1/reports/categories', asKey(KEYS.customer42));
    expect(customerReadsReports.statusCode).toBe(403);
    expect(core.seen.length).toBe(before);
  });

  it('limits a customer to its own client id, in the path and in the body', async () => {
    core.answer(() => ({ status: 200, body: [] }));
    const token = await signToken({ sub: 'c-42', role: 'customer', client_id: '42' });
    expect((await get('/v1/clients/42/participations', bearer(token))).statusCode).toBe(200);
    expect((await get('/v1/clients/42/participations', asKey(KEYS.customer42))).statusCode).toBe(
      200,
    );
    const other = await get('/v1/clients/43/participations', bearer(token));
    expect(other.statusCode).toBe(403);
    expect(errorOf(other).message).toBe('a customer may only access its own client id');
    const join = (clientId: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/campaigns/c1/participations',
        headers: bearer(token),
        payload: { 'client-id': clientId, status: 'joined' },
      });
    expect((await join('42')).statusCode).toBe(200);
    expect((await join('43')).statusCode).toBe(403);
    expect(core.seen.at(-1)?.headers).toMatchObject({
      'x-tributary-role': 'customer',
      'x-tributary-client-id': '42',
    });
  });

  it('serves health, docs and the OpenAPI document without credentials', async () => {
    expect((await get('/healthz')).statusCode).toBe(200);
    const ready = await get('/readyz');
    expect(ready.json()).toEqual({ status: 'ready' });
    expect((await get('/metrics')).body).toContain('http_request_duration_seconds');
    const docs = await get('/docs');
    expect([200, 302]).toContain(docs.statusCode);
    const openapi = await get('/openapi.json');
    const document = openapi.json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    }>();
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/attribution/results/{model}',
        '/v1/realtime/stream',
        '/v1/users/{userId}/recently-viewed',
        '/v1/reports/categories/{hour}/{report}',
        '/v1/campaigns/{id}/participations',
        '/v1/admin/clock',
      ]),
    );
    expect(document.paths['/v1/campaigns']?.post?.requestBody).toBeDefined();
  });
});

describe('rate limits shared by two replicas through Redis', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let replicas: HttpApp[];

  beforeAll(async () => {
    [redis, db] = await Promise.all([createTestRedis(), createTestDatabase()]);
    replicas = await Promise.all(
      [1, 2].map(() =>
        buildTestGateway({
          redis: redis.redis,
          pool: db.pool,
          env: { RATE_LIMIT_PER_MINUTE: '3' },
        }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await Promise.all([redis.cleanup(), db.drop()]);
  });

  it('counts one key across replicas and answers 429 with Retry-After once it is spent', async () => {
    const [a, b] = replicas as [HttpApp, HttpApp];
    const call = (app: HttpApp, key: string) =>
      app.inject({ method: 'GET', url: '/v1/users/u1/recently-viewed', headers: asKey(key) });
    const first = await call(a, KEYS.viewer);
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '2',
      'x-ratelimit-reset': '60',
    });
    expect((await call(b, KEYS.viewer)).headers['x-ratelimit-remaining']).toBe('1');
    expect((await call(a, KEYS.viewer)).headers['x-ratelimit-remaining']).toBe('0');
    const limited = await call(b, KEYS.viewer);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers).toMatchObject({
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': limited.headers['retry-after'],
    });
    expect(limited.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(
        /^rate limit of 3 requests per minute exceeded; retry in \d+ (second|minute)s?$/,
      ),
    });
    // Another key has its own budget.
    expect((await call(b, KEYS.operator)).statusCode).toBe(200);
  });
});
