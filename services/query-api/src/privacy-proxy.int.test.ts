import type { HttpApp } from '@tributary/http';
import {
  TEST_SECRETS,
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { startStubService, type StubService } from './test-support/stub-service';
import { asKey, buildTestGateway, KEYS } from './test-support/test-gateway';

describe('erasure and access routes proxied to journey-stitcher', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let stitcher: StubService;
  let app: HttpApp;

  beforeAll(async () => {
    [redis, db, stitcher] = await Promise.all([
      createTestRedis(),
      createTestDatabase(),
      startStubService(),
    ]);
    app = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: { JOURNEY_STITCHER_URL: stitcher.url, UPSTREAM_TIMEOUT_MS: '300' },
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([stitcher.close(), redis.cleanup(), db.drop()]);
  });

  it('forwards an admin erasure with who asked taken from the credential, and answers 202', async () => {
    stitcher.answer(() => ({ status: 202, body: { erasure_id: 'er_1', status: 'running' } }));
    const response = await app.inject({
      method: 'POST',
      url: '/v1/admin/erasures',
      headers: asKey(KEYS.admin),
      payload: { user_id: 'u1', reason: 'subject-request' },
    });
    expect(response.statusCode).toBe(202);
    const seen = stitcher.seen.at(-1);
    expect(seen?.url).toBe('/v1/admin/erasures');
    expect(seen?.headers).toMatchObject({
      'x-tributary-role': 'admin',
      'x-internal-token': TEST_SECRETS.internalToken,
    });
    const body = JSON.parse(seen?.body ?? '{}') as Record<string, string>;
    expect(body).toMatchObject({ user_id: 'u1', reason: 'subject-request' });
    // The caller's secret-free id (a hash of its key), as the logs and rate limits name it.
    expect(body.requested_by).toMatch(/^key:[0-9a-f]+$/);
  });

  it('refuses a caller-supplied requested_by, a free-text reason, two ids, and anyone below admin', async () => {
    const before = stitcher.seen.length;
    for (const payload of [
      { user_id: 'u1', reason: 'subject-request', requested_by: 'someone-else' },
      { user_id: 'u1', reason: 'Ahmet Yilmaz called us' },
      { user_id: 'u1', anonymous_id: 'a1', reason: 'subject-request' },
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/admin/erasures',
        headers: asKey(KEYS.admin),
        payload,
      });
      expect(response.statusCode).toBe(400);
    }
    for (const key of [KEYS.operator, KEYS.viewer, KEYS.customer42]) {
      const erase = await app.inject({
        method: 'POST',
        url: '/v1/admin/erasures',
        headers: asKey(key),
        payload: { user_id: '42', reason: 'subject-request' },
      });
      expect(erase.statusCode).toBe(403);
      const exported = await app.inject({
        url: '/v1/admin/customers/42/export',
        headers: asKey(key),
      });
      expect(exported.statusCode).toBe(403);
    }
    expect(stitcher.seen.length).toBe(before);
  });

  it('passes the export and the audit row back, and the export is never cached', async () => {
    stitcher.answer(() => ({ status: 200, body: { ids: ['u1'] } }));
    const exported = await app.inject({
      url: '/v1/admin/customers/u1/export?kind=user_id',
      headers: asKey(KEYS.admin),
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['cache-control']).toBe('no-store');
    expect(stitcher.seen.at(-1)?.url).toBe('/v1/admin/customers/u1/export?kind=user_id');
    const audit = await app.inject({ url: '/v1/admin/erasures/er_1', headers: asKey(KEYS.admin) });
    expect(audit.statusCode).toBe(200);
  });
});
