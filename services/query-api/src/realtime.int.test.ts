import type { HttpApp } from '@tributary/http';
import { createRedis } from '@tributary/redis';
import {
  createRealtimeWriter,
  DEFAULT_SETTINGS,
  type ProductView,
  type RealtimeWriter,
} from '@tributary/realtime-store';
import {
  createTestDatabase,
  createTestRedis,
  waitFor,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asKey, bearer, buildTestGateway, KEYS, signToken } from './test-support/test-gateway';

const T = Date.parse('2026-03-01T12:00:00.000Z');
let seq = 0;
const view = (over: Partial<ProductView>): ProductView => {
  seq += 1;
  return {
    eventId: `e${seq}`,
    userId: 'u1',
    productId: `p${seq}`,
    categoryId: 'c1',
    platform: 'web',
    occurredAt: T,
    receivedAt: T,
    ...over,
  };
};

describe('real-time and recently viewed routes (real Redis)', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let writer: RealtimeWriter;
  let app: HttpApp;
  const clock = T;
  const viewer = asKey(KEYS.viewer);
  const get = (url: string) => app.inject({ method: 'GET', url, headers: viewer });

  beforeAll(async () => {
    [redis, db] = await Promise.all([createTestRedis(), createTestDatabase()]);
    writer = createRealtimeWriter(redis.redis, DEFAULT_SETTINGS);
    app = await buildTestGateway({
      redis: redis.redis,
      pool: db.pool,
      env: { SSE_INTERVAL_MS: '100' },
      deps: { now: () => clock },
    });
    await writer.applyViews(
      [
        view({ userId: 'alice', categoryId: 'shoes', platform: 'ios', occurredAt: T - 60_000 }),
        view({ userId: 'alice', categoryId: 'shoes', platform: 'web', occurredAt: T - 30_000 }),
        view({ userId: 'bob', categoryId: 'books', platform: 'web', occurredAt: T - 10_000 }),
      ],
      T,
    );
    const sixMinutesAgo = T - 6 * 60_000;
    await writer.applyViews(
      [view({ userId: 'old', occurredAt: sixMinutesAgo, receivedAt: sixMinutesAgo })],
      sixMinutesAgo,
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([redis.cleanup(), db.drop()]);
  });

  it('serves users, categories and platforms of the last 5 minutes, not cached', async () => {
    const users = await get('/v1/realtime/users');
    expect(users.statusCode).toBe(200);
    expect(users.headers['cache-control']).toBe('no-store');
    expect(users.json()).toMatchObject({
      distinct_users: 2,
      users: [
        { user_id: 'alice', views: 2 },
        { user_id: 'bob', views: 1 },
      ],
    });
    const categories = await get('/v1/realtime/categories');
    expect(categories.json<{ categories: unknown[] }>().categories).toEqual([
      { category_id: 'shoes', views: 2, distinct_users: 1 },
      { category_id: 'books', views: 1, distinct_users: 1 },
    ]);
    const platforms = await get('/v1/realtime/platforms?limit=1');
    expect(platforms.json()).toMatchObject({
      distinct_platforms: 2,
      platforms: [{ platform: 'web', views: 2, distinct_users: 2 }],
    });
  });

  it('answers for an instant in the past with ?at, and rejects bad instants and limits', async () => {
    const at = new Date(T - 5 * 60_000).toISOString();
    const past = await get(`/v1/realtime/users?at=${encodeURIComponent(at)}`);
    expect(past.json()).toMatchObject({ at, users: [{ user_id: 'old' }] });
    for (const url of [
      '/v1/realtime/users?at=yesterday',
      '/v1/realtime/users?limit=0',
      `/v1/realtime/categories?at=${new Date(T + 60_000).toISOString()}`,
    ]) {
      const response = await get(url);
      expect(response.statusCode).toBe(400);
    }
  });

  it('gives a user’s 5 most recent distinct products by default, up to 50, and an empty list for an unknown user', async () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      view({ userId: 'carol', productId: `q${i}`, occurredAt: T - (8 - i) * 1000 }),
    );
    await writer.applyViews(
      [...many, view({ userId: 'carol', productId: 'q0', occurredAt: T })],
      T,
    );
    const five = await get('/v1/users/carol/recently-viewed');
    expect(
      five.json<{ products: { product_id: string }[] }>().products.map((p) => p.product_id),
    ).toEqual(['q0', 'q7', 'q6', 'q5', 'q4']);
    const two = await get('/v1/users/carol/recently-viewed?limit=2');
    expect(two.json<{ products: unknown[] }>().products).toHaveLength(2);
    expect((await get('/v1/users/carol/recently-viewed?limit=51')).statusCode).toBe(400);
    expect((await get('/v1/users/carol/recently-viewed?limit=abc')).statusCode).toBe(400);
    expect((await get('/v1/users/nobody/recently-viewed')).json()).toEqual({
      user_id: 'nobody',
      products: [],
    });
  });

  it('pushes the live window over Server-Sent Events and sends the change when a view arrives', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    let text = '';
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/v1/realtime/stream',
      headers: viewer,
    });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve).on('error', reject).end();
    });
    response.on('data', (chunk: Buffer) => (text += chunk.toString()));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    await waitFor(() => text.includes('event: snapshot') && text.includes('"user_id":"alice"'));
    await writer.applyViews([view({ userId: 'dave', occurredAt: T - 1000 })], T);
    const frames = await waitFor(() => {
      const all = text.split('\n\n').filter((f) => f.includes('event: snapshot'));
      return all.some((f) => f.includes('"user_id":"dave"')) && all;
    });
    expect(frames.length).toBeGreaterThan(1);
    req.destroy();
  });

  const openStream = async (path: string) => {
    if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const req = httpRequest({ host: '127.0.0.1', port, path });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve).on('error', reject).end();
    });
    return { req, response };
  };
  const ticketFor = async (headers: Record<string, string>) => {
    const issued = await app.inject({
      method: 'POST',
      url: '/v1/realtime/stream-tickets',
      headers,
    });
    expect(issued.statusCode).toBe(201);
    return issued.json<{ ticket: string; expires_in: number }>().ticket;
  };

  it('opens the stream with a single-use ticket, and never takes a token in the URL', async () => {
    const ticket = await ticketFor(viewer);
    const first = await openStream(`/v1/realtime/stream?ticket=${ticket}`);
    expect(first.response.statusCode).toBe(200);
    first.req.destroy();
    const again = await openStream(`/v1/realtime/stream?ticket=${ticket}`);
    expect(again.response.statusCode).toBe(401);
    again.req.destroy();
    const token = encodeURIComponent(KEYS.viewer);
    const inUrl = await openStream(`/v1/realtime/stream?access_token=${token}`);
    expect(inUrl.response.statusCode).toBe(401);
    inUrl.req.destroy();
    const elsewhere = await app.inject({
      method: 'GET',
      url: `/v1/realtime/users?ticket=${ticket}`,
    });
    expect(elsewhere.statusCode).toBe(401);
  });

  it('ends a stream when the token behind its ticket expires', async () => {
    const token = await signToken({ sub: 'short-lived', role: 'viewer' }, '2s');
    const ticket = await ticketFor(bearer(token));
    const { req, response } = await openStream(`/v1/realtime/stream?ticket=${ticket}`);
    expect(response.statusCode).toBe(200);
    let text = '';
    response.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ended = new Promise<void>((resolve) => response.on('end', resolve));
    await ended;
    expect(text).toContain('event: expired');
    req.destroy();
  });
});

describe('real-time routes with Redis down', () => {
  it('answers 503 with Retry-After at once instead of hanging', async () => {
    const db = await createTestDatabase();
    const dead = createRedis({ url: 'redis://127.0.0.1:1' });
    const app = await buildTestGateway({ redis: dead, pool: db.pool });
    try {
      for (const url of ['/v1/realtime/users', '/v1/users/u1/recently-viewed']) {
        const response = await app.inject({ method: 'GET', url, headers: asKey(KEYS.viewer) });
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.json<{ error: { code: string } }>().error.code).toBe('UNAVAILABLE');
      }
    } finally {
      await app.close();
      dead.disconnect();
      await db.drop();
    }
  });
});
