import { segmentVisit } from '@tributary/event-intake';
import type { BadEvent } from '@tributary/kafka';
import {
  TEST_SECRETS,
  countMessages,
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
} from '@tributary/testing';
import type { Kafka } from 'kafkajs';
import { loadIngestConfig } from './config';
import { buildIngestService, type IngestService } from './service';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describe('ingest-gateway: Segment intake and bad events (real Kafka)', () => {
  let kafka: Kafka;
  let topic: string;
  let bad: string;
  let service: IngestService;

  beforeAll(async () => {
    kafka = testKafka();
    [topic, bad] = (await createTestTopics(kafka, ['events', 'bad'], 1)) as [string, string];
    service = await buildIngestService(
      loadIngestConfig({
        EVENTS_TOPIC: topic,
        BAD_EVENTS_TOPIC: bad,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
        OWN_HOSTS: 'example.com',
        MAX_BATCH_EVENTS: '5',
      }),
      testLogger(),
    );
  });
  afterAll(() => service.stop());

  const post = (url: string, body: unknown, contentType = 'application/json') =>
    service.app.inject({
      method: 'POST',
      url,
      headers: { authorization: basic(TEST_SECRETS.producerKey), 'content-type': contentType },
      payload: JSON.stringify(body),
    });

  it('Given the write key as Basic user and analytics.js text/plain bodies, When a visit is sent, Then its events reach events.raw keyed by customer, with per-item results', async () => {
    const ids = { user: uniqueName('u'), anon: uniqueName('a'), oldAnon: uniqueName('a0') };
    const visit = segmentVisit(new Date(), {
      ...ids,
      prefix: uniqueName('s'),
      order: uniqueName('o'),
    });
    const page = await post('/v1/page', visit.browserPage, 'text/plain');
    expect(page.statusCode).toBe(202);
    const browser = await post('/v1/batch', visit.browserBatch, 'text/plain;charset=UTF-8');
    expect(browser.json()).toMatchObject({ accepted: 3, rejected: 0 });
    const server = await post('/v1/batch', visit.serverBatch);
    expect(server.statusCode).toBe(202);
    expect(server.json()).toEqual({
      accepted: 2,
      rejected: 0,
      results: [
        { index: 0, event_id: expect.stringMatching(/^node-next-.*-order$/), status: 'accepted' },
        { index: 1, event_id: expect.stringMatching(/^node-next-.*-alias$/), status: 'accepted' },
      ],
    });
    const stored = await readTopic(kafka, topic, 6);
    expect(stored.map((m) => [m.key, (JSON.parse(m.value) as { type: string }).type])).toEqual([
      [ids.anon, 'page_view'],
      [ids.anon, 'product_view'],
      [ids.anon, 'add_to_cart'],
      [ids.user, 'identify'],
      [ids.user, 'order_completed'],
      [ids.user, 'identify'],
    ]);
    expect(JSON.parse(stored[0]!.value)).toMatchObject({ channel: 'paid_search', platform: 'web' });
  });

  it('Given rejected calls, When answered, Then each is kept on the bad-events topic with its reason, payload and way back; the accepted one is stored', async () => {
    const before = await countMessages(kafka, bad);
    const order = {
      type: 'track',
      event: 'Order Completed',
      messageId: uniqueName('m'),
      userId: 'u1',
      properties: { order_id: 'o1', revenue: 10, products: [] },
    };
    const response = await post('/v1/batch', {
      batch: [
        order,
        { type: 'track', event: 'Song Played', messageId: 'song-1', anonymousId: 'a1' },
        { type: 'page', messageId: uniqueName('p'), anonymousId: 'a1' },
      ],
      context: { campaign: { source: 'newsletter', medium: 'email' } },
      sentAt: new Date().toISOString(),
    });
    expect(response.json()).toMatchObject({ accepted: 1, rejected: 2 });
    const kept = (await readTopic(kafka, bad, before + 2)).slice(before);
    const [invalid, unmapped] = kept.map((m) => JSON.parse(m.value) as BadEvent);
    expect(kept.map((m) => [m.key, m.headers['x-bad-code'], m.headers['x-bad-source']])).toEqual([
      [order.messageId, 'INVALID_EVENT', 'ingest-gateway /v1/batch'],
      ['song-1', 'SEGMENT_NOT_MAPPED', 'ingest-gateway /v1/batch'],
    ]);
    expect(invalid).toMatchObject({
      schema: 'tributary:bad_event/1-0-0',
      processor: 'ingest-gateway',
      event_id: order.messageId,
      errors: expect.arrayContaining([expect.objectContaining({ path: '/properties/currency' })]),
      payload: order,
      replay: {
        via: 'http',
        route: '/v1/batch',
        body: { batch: [expect.objectContaining({ messageId: order.messageId, type: 'track' })] },
      },
    });
    const replayed = (invalid?.replay as { body: { batch: Record<string, unknown>[] } }).body;
    // The batch's context travels with the call; the corrected time replaces the stale sentAt.
    expect(replayed.batch[0]).toMatchObject({ context: { campaign: { medium: 'email' } } });
    expect(replayed.batch[0]?.sentAt).toBeUndefined();
    expect(unmapped?.errors[0]?.message).toMatch(/"Song Played" has no counterpart/);
  });

  it('Given a native event rejected by /v1/events, Then it is kept too, to be replayed through /v1/events', async () => {
    const before = await countMessages(kafka, bad);
    const event = {
      event_id: uniqueName('n'),
      type: 'teleport',
      occurred_at: new Date().toISOString(),
      user_id: 'u',
    };
    const response = await service.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': TEST_SECRETS.producerKey },
      payload: event,
    });
    expect(response.statusCode).toBe(400);
    const [kept] = (await readTopic(kafka, bad, before + 1)).slice(before);
    expect(JSON.parse(kept!.value)).toMatchObject({
      source: 'ingest-gateway /v1/events',
      reason: { code: 'INVALID_EVENT' },
      payload: event,
      replay: { via: 'http', route: '/v1/events', body: event },
    });
  });

  it('keeps the limits and refusals of /v1/events: batch size, body shape, credentials; other content types still 415', async () => {
    const call = (n: number) => ({ type: 'page', messageId: `m${n}`, anonymousId: 'a' });
    const big = await post('/v1/batch', { batch: [1, 2, 3, 4, 5, 6].map(call) });
    expect(big.statusCode).toBe(413);
    expect((await post('/v1/batch', { events: [] })).statusCode).toBe(400);
    expect((await post('/v1/track', 'not json', 'text/plain')).statusCode).toBe(400);
    const form = await service.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: {
        authorization: basic(TEST_SECRETS.producerKey),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'a=1',
    });
    expect(form.statusCode).toBe(415);
    const text = await service.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'x-api-key': TEST_SECRETS.producerKey, 'content-type': 'text/plain' },
      payload: '{}',
    });
    expect(text.statusCode).toBe(415);
    const wrongKey = await service.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: basic('z'.repeat(40)), 'content-type': 'application/json' },
      payload: JSON.stringify(call(1)),
    });
    expect(wrongKey.statusCode).toBe(401);
  });

  it('documents the Segment routes with both content types and the Basic scheme', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<
        string,
        { post?: { requestBody?: { content?: Record<string, unknown> }; 'x-access'?: string } }
      >;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    for (const route of [
      '/v1/batch',
      '/v1/track',
      '/v1/page',
      '/v1/screen',
      '/v1/identify',
      '/v1/alias',
    ]) {
      expect(doc.paths[route]?.post?.['x-access']).toBe('producer');
      expect(Object.keys(doc.paths[route]?.post?.requestBody?.content ?? {})).toEqual([
        'application/json',
        'text/plain',
      ]);
    }
    expect(doc.components.securitySchemes.writeKey).toEqual({ type: 'http', scheme: 'basic' });
  });
});
