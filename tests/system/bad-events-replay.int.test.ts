// The replay path of the bad-events topic, end to end: a gateway rejects items, the cause is fixed
// (here: a gateway started with a wider clock-skew limit), and dlq-replay sends the selected
// records back: intake items through the gateway, a dead letter to its topic.
import type { AddressInfo } from 'node:net';
import {
  BAD_EVENT_SCHEMA,
  createBadEventPublisher,
  createProducer,
  type Kafka,
} from '@tributary/kafka';
import {
  TEST_SECRETS,
  countMessages,
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
} from '@tributary/testing';
import { loadIngestConfig } from '../../services/ingest-gateway/src/config';
import { buildIngestService, type IngestService } from '../../services/ingest-gateway/src/service';
import { BAD_REPLAYED_FROM_HEADER } from '../../tools/dlq-replay/src/bad-events';
import {
  gatewayPost,
  runBadEventsReplay,
  type BadRunOptions,
} from '../../tools/dlq-replay/src/bad-events-replay';

describe('dlq-replay --bad-events: replay after a fix (real Kafka, real gateway)', () => {
  let kafka: Kafka;
  let events: string;
  let bad: string;
  const gateways: IngestService[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    [events, bad] = (await createTestTopics(kafka, ['events', 'bad'], 1)) as [string, string];
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
  });

  async function gateway(skewSeconds: number): Promise<string> {
    const service = await buildIngestService(
      loadIngestConfig({
        EVENTS_TOPIC: events,
        BAD_EVENTS_TOPIC: bad,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
        MAX_FUTURE_SKEW_SECONDS: String(skewSeconds),
      }),
      testLogger(),
    );
    gateways.push(service);
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
  }

  const options = (group: string, over: Partial<BadRunOptions>): BadRunOptions => ({
    dlqTopic: bad,
    group,
    fromBeginning: false,
    timeoutMs: 20_000,
    filter: { sources: [], codes: [], eventIds: [] },
    replay: false,
    dryRun: false,
    commit: false,
    perRequest: 500,
    ...over,
  });

  it('Given items rejected for clock skew and a dead letter, When the limit is fixed, Then a dry run sends nothing and the replay brings back just the selected ones', async () => {
    const strict = await gateway(60);
    const post = gatewayPost(strict, TEST_SECRETS.producerKey);
    const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
    const native = {
      event_id: uniqueName('n'),
      type: 'page_view',
      occurred_at: ahead,
      user_id: 'u1',
    };
    expect((await post('/v1/events', native)).status).toBe(400);
    const order = {
      type: 'track',
      event: 'Order Completed',
      messageId: uniqueName('m'),
      userId: 'u1',
      timestamp: ahead,
      properties: { order_id: 'o1', revenue: 5, currency: 'EUR' },
    };
    const song = { type: 'track', event: 'Song Played', messageId: uniqueName('s'), userId: 'u1' };
    expect((await post('/v1/batch', { batch: [order, song] })).status).toBe(400);
    // A consumer's dead letter, as the consumer runner keeps it.
    const producer = await createProducer(kafka);
    await createBadEventPublisher(producer, bad).publish([
      {
        schema: BAD_EVENT_SCHEMA,
        source: `${events}.dlq from journey-stitcher`,
        processor: 'journey-stitcher',
        reason: { code: 'MESSAGE_REJECTED', message: 'unknown currency' },
        errors: [],
        failed_at: new Date().toISOString(),
        payload: {
          topic: events,
          partition: 0,
          offset: '0',
          key: 'u9',
          value: '{"x":1}',
          value_encoding: 'utf8',
          headers: { 'event-id': 'x1' },
        },
        replay: { via: 'kafka', topic: events },
      },
    ]);
    await producer.disconnect();
    expect(await countMessages(kafka, bad)).toBe(4);

    const fixed = gatewayPost(await gateway(3_600), TEST_SECRETS.producerKey);
    const group = uniqueName('dlq-replay');
    const skewed = { sources: ['ingest-gateway'], codes: ['INVALID_EVENT'], eventIds: [] };
    const dry = await runBadEventsReplay(
      kafka,
      options(group, { filter: skewed, replay: true, dryRun: true }),
      fixed,
    );
    expect(dry.plan.http.map((r) => [r.route, r.count])).toEqual([
      ['/v1/events', 1],
      ['/v1/batch', 1],
    ]);
    expect(dry).toMatchObject({ read: 4, accepted: 0, committed: false });
    expect(await countMessages(kafka, events)).toBe(0);

    const run = await runBadEventsReplay(
      kafka,
      options(group, { filter: skewed, replay: true, commit: true }),
      fixed,
    );
    expect(run).toMatchObject({ accepted: 2, rejected: 0, republished: 0, committed: true });
    const back = await readTopic(kafka, events, 2);
    expect(back.map((m) => (JSON.parse(m.value) as { event_id: string }).event_id).sort()).toEqual(
      [native.event_id, order.messageId].sort(),
    );
    expect(
      JSON.parse(back.find((m) => m.key === 'u1' && m.value.includes(order.messageId))!.value),
    ).toMatchObject({
      type: 'order_completed',
      occurred_at: new Date(ahead).toISOString(),
    });

    // The group moved past what it read; the dead letter is still there from the beginning.
    expect((await runBadEventsReplay(kafka, options(group, {}), undefined)).read).toBe(0);
    const letters = await runBadEventsReplay(
      kafka,
      options(group, {
        fromBeginning: true,
        filter: { sources: [`${events}.dlq from`], codes: [], eventIds: [] },
        replay: true,
      }),
      undefined,
    );
    expect(letters).toMatchObject({ republished: 1, accepted: 0 });
    const [letter] = (await readTopic(kafka, events, 3)).filter((m) => m.key === 'u9');
    expect(letter).toMatchObject({ value: '{"x":1}' });
    expect(letter?.headers[BAD_REPLAYED_FROM_HEADER]).toBe(`${bad}:0:3`);

    // Still not mappable: sent back, rejected again, and kept again with today's reason.
    const again = await runBadEventsReplay(
      kafka,
      options(uniqueName('dlq-replay'), {
        filter: { sources: [], codes: ['SEGMENT_NOT_MAPPED'], eventIds: [] },
        replay: true,
      }),
      fixed,
    );
    expect(again).toMatchObject({ accepted: 0, rejected: 1 });
    expect(await countMessages(kafka, bad)).toBe(5);
  });
});
