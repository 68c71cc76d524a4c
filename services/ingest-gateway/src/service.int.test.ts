import {
  TEST_SECRETS,
  countMessages,
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
} from '@tributary/testing';
import type { Kafka } from 'kafkajs';
import { loadIngestConfig } from './config';
import { buildIngestService, type IngestService } from './service';

const now = new Date();
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();
const event = (id: string, customer: string, secondsAgo = 10) => ({
  event_id: id,
  type: 'product_view',
  occurred_at: at(secondsAgo),
  user_id: customer,
  platform: 'web',
  properties: { product_id: `p-${id}` },
});

describe('ingest-gateway (real Kafka)', () => {
  let kafka: Kafka;
  let topic: string;
  let service: IngestService;
  const headers = { 'x-api-key': TEST_SECRETS.producerKey, 'content-type': 'application/json' };

  beforeAll(async () => {
    kafka = testKafka();
    [topic] = (await createTestTopics(kafka, ['events'], 3)) as [string];
    const config = loadIngestConfig({
      EVENTS_TOPIC: topic,
      INGEST_API_KEYS: `${TEST_SECRETS.producerKey},${TEST_SECRETS.otherProducerKey}`,
      METRICS_PUBLIC: 'true',
      MAX_BATCH_EVENTS: '5',
      MAX_BODY_BYTES: '4096',
    });
    service = await buildIngestService(config, testLogger());
  });
  afterAll(() => service.stop());

  const post = (payload: unknown, extra: Record<string, string> = {}) =>
    service.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...headers, ...extra },
      payload: payload as object,
    });

  it('answers 202 after Kafka acknowledged, and keeps each customer’s events in order on one partition', async () => {
    const batch = ['a1', 'b1', 'a2', 'b2', 'a3'].map((id) =>
      event(id, id.startsWith('a') ? 'alice' : 'bob'),
    );
    const response = await post({ events: batch });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 5, rejected: 0 });
    const single = await post(event('a4', 'alice'));
    expect(single.statusCode).toBe(202);

    const messages = await readTopic(kafka, topic, 6);
    const byCustomer = (key: string) => messages.filter((m) => m.key === key);
    expect(new Set(byCustomer('alice').map((m) => m.partition)).size).toBe(1);
    const aliceIds = byCustomer('alice')
      .sort((x, y) => Number(x.offset) - Number(y.offset))
      .map((m) => (JSON.parse(m.value) as { event_id: string }).event_id);
    expect(aliceIds).toEqual(['a1', 'a2', 'a3', 'a4']);
    const stored = JSON.parse(messages[0]!.value) as { received_at?: string; channel?: string };
    expect(stored.received_at).toBeDefined();
    expect(stored.channel).toBe('direct');
  });

  it('reports rejected items one by one and accepts the rest', async () => {
    const response = await post([
      event('ok1', 'carol'),
      { ...event('bad1', 'carol'), type: 'teleport' },
    ]);
    expect(response.statusCode).toBe(202);
    const body = response.json<{ results: { status: string; errors?: { path: string }[] }[] }>();
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(body.results[1]?.errors?.[0]?.path).toBe('/type');
  });

  it.each([
    ['malformed JSON', '{"event_id": ', 400, 'BAD_REQUEST'],
    ['wrong types', { ...event('w', 'd'), occurred_at: 5 }, 400, 'VALIDATION_FAILED'],
    ['missing ids', { ...event('m', 'd'), user_id: undefined }, 400, 'VALIDATION_FAILED'],
    ['unknown type', { ...event('u', 'd'), type: 'nope' }, 400, 'VALIDATION_FAILED'],
    [
      'timestamps far in the future',
      { ...event('f', 'd'), occurred_at: new Date(Date.now() + 3_600_000).toISOString() },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a batch over the maximum',
      Array.from({ length: 6 }, (_, i) => event(`x${i}`, 'd')),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'an oversize body',
      { ...event('big', 'd'), properties: { product_id: 'p', blob: 'x'.repeat(5000) } },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('answers %s with a clear error', async (_name, payload, status, code) => {
    const response = await post(payload);
    expect(response.statusCode).toBe(status);
    expect(response.json<{ error: { code: string } }>().error.code).toBe(code);
  });

  it('requires a known API key', async () => {
    const none = await service.app.inject({
      method: 'POST',
      url: '/v1/events',
      payload: event('n', 'e'),
    });
    expect(none.statusCode).toBe(401);
    const wrong = await post(event('n', 'e'), { 'x-api-key': 'nope' });
    expect(wrong.statusCode).toBe(401);
    const second = await post(event('n2', 'e'), { 'x-api-key': TEST_SECRETS.otherProducerKey });
    expect(second.statusCode).toBe(202);
  });

  // The finding: the key check compared the raw URL's prefix while the router decodes `%76`
  // to `v`, so `POST /%761/events` reached the route without a key.
  it.each(['/%761/events', '/%76%31/%65vents', 'http://gateway.example/v1/events', '/v1/events/'])(
    'refuses %s without a key, and stores nothing',
    async (url) => {
      const before = await countMessages(kafka, topic);
      const response = await service.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: event(`spelled-${url.length}`, 'mallory'),
      });
      expect([401, 404]).toContain(response.statusCode);
      expect(await countMessages(kafka, topic)).toBe(before);
    },
  );

  it('serves health, readiness with a real Kafka ping, and metrics', async () => {
    expect((await service.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await service.app.inject({ url: '/readyz' });
    expect(ready.json()).toEqual({ status: 'ready' });
    const metrics = await service.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('ingest_events_accepted_total');
  });

  it('answers 429 with Retry-After once an address has failed to authenticate too often', async () => {
    const guarded = await buildIngestService(
      loadIngestConfig({
        EVENTS_TOPIC: topic,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
        AUTH_FAILURES_PER_MINUTE: '3',
      }),
      testLogger(),
    );
    try {
      const attempt = (key: string) =>
        guarded.app.inject({
          method: 'POST',
          url: '/v1/events',
          headers: { 'x-api-key': key, 'content-type': 'application/json' },
          payload: event('guess', 'mallory'),
        });
      for (let i = 0; i < 3; i += 1) expect((await attempt(`guess-${i}`)).statusCode).toBe(401);
      const blocked = await attempt('guess-4');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Even the right key waits: a guesser must not learn which guess was right.
      expect((await attempt(TEST_SECRETS.producerKey)).statusCode).toBe(429);
    } finally {
      await guarded.stop();
    }
  });
});
