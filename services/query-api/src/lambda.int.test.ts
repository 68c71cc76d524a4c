import type { HttpApp } from '@tributary/http';
import { createRealtimeWriter, DEFAULT_SETTINGS } from '@tributary/realtime-store';
import {
  createTestDatabase,
  createTestRedis,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import httpApiEvent from './lambda/fixtures/http-api-v2-event.json';
import type { HttpApiEvent } from './lambda/api-gateway';
import { createLambdaHandler, type LambdaHandler } from './lambda/lambda-handler';
import { buildTestGateway, KEYS } from './test-support/test-gateway';

describe('Lambda handler (API Gateway HTTP API event, real Redis)', () => {
  let redis: TestRedis;
  let db: TestDatabase;
  let app: HttpApp;
  let handler: LambdaHandler;
  let builds = 0;
  const event = (apiKey: string): HttpApiEvent => {
    const recorded = httpApiEvent as HttpApiEvent;
    return { ...recorded, headers: { ...recorded.headers, 'x-api-key': apiKey } };
  };

  beforeAll(async () => {
    [redis, db] = await Promise.all([createTestRedis(), createTestDatabase()]);
    app = await buildTestGateway({ redis: redis.redis, pool: db.pool });
    handler = createLambdaHandler(() => {
      builds += 1;
      return Promise.resolve(app);
    });
    const now = Date.now();
    await createRealtimeWriter(redis.redis, DEFAULT_SETTINGS).applyViews(
      ['p1', 'p2', 'p3'].map((productId, i) => ({
        eventId: `lambda-${productId}`,
        userId: 'alice',
        productId,
        categoryId: 'c1',
        platform: 'web',
        occurredAt: now - 3000 + i * 1000,
        receivedAt: now,
      })),
      now,
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([redis.cleanup(), db.drop()]);
  });

  it('answers a recorded event through the same app, as an HTTP API result', async () => {
    const context = { awsRequestId: 'aws-req-1', callbackWaitsForEmptyEventLoop: true };
    const result = await handler(event(KEYS.viewer), context);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.headers['content-type']).toContain('application/json');
    expect(result.headers['x-request-id']).toBe('aws-req-1');
    expect(JSON.parse(result.body)).toMatchObject({
      user_id: 'alice',
      products: [{ product_id: 'p3' }, { product_id: 'p2' }],
    });
    expect(context.callbackWaitsForEmptyEventLoop).toBe(false);
  });

  it('keeps the error shape and status for a rejected key', async () => {
    const result = await handler(event('not-a-key-0123456789'));
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(builds).toBe(2);
  });
});
