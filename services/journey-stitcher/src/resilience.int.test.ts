import { randomUUID } from 'node:crypto';
import { createProducer, ensureTopics, type JsonProducer, type Kafka } from '@tributary/kafka';
import type { CustomerEvent } from '@tributary/schemas';
import {
  createTestDatabase,
  createTestTopics,
  readTopic,
  startTcpProxy,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TcpProxy,
  type TestDatabase,
} from '@tributary/testing';
import { loadStitcherConfig } from './config';
import { buildStitcherService, type StitcherService } from './service';
import { DAY, sendEvents } from './testing/stitcher-harness';

const T = Date.now() - DAY;
const event = (user: string, over: Partial<CustomerEvent> = {}): CustomerEvent => ({
  event_id: randomUUID(),
  type: 'ad_click',
  occurred_at: new Date(T).toISOString(),
  received_at: new Date(T).toISOString(),
  channel: 'paid_search',
  user_id: user,
  properties: {},
  ...over,
});
const order = (user: string) =>
  event(user, {
    type: 'order_completed',
    channel: 'direct',
    occurred_at: new Date(T + 60_000).toISOString(),
    properties: { order_id: `${user}-o`, revenue: '10', currency: 'EUR' },
  });

/**
 * Issue 16 for journey-stitcher: a record the warehouse refuses (PostgreSQL 22xxx) among good
 * ones is dead-lettered with its reason and every good one is stored once; while PostgreSQL is
 * unreachable (a proxy this test pauses, the shared server keeps running) records are held, none
 * dead-lettered, and stitching resumes by itself when it is back.
 */
describe('journey-stitcher poison records and a PostgreSQL outage (real Kafka and PostgreSQL)', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let kafka: Kafka;
  let producer: JsonProducer;
  let service: StitcherService;
  let eventsTopic: string;
  let journeysTopic: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(Number(new URL(db.url).port || 5432));
    const url = new URL(db.url);
    url.port = String(proxy.port);
    kafka = testKafka();
    [eventsTopic] = (await createTestTopics(kafka, ['events'], 1)) as [string];
    // Journeys above 6 kB are refused by this topic, as a real one refuses above its limit.
    journeysTopic = uniqueName('journeys');
    await ensureTopics(kafka, [
      {
        topic: journeysTopic,
        partitions: 1,
        replicationFactor: 1,
        configs: { 'max.message.bytes': '6000' },
      },
      { topic: `${journeysTopic}.dlq`, partitions: 1, replicationFactor: 1 },
    ]);
    producer = await createProducer(kafka);
    const config = loadStitcherConfig({
      DATABASE_URL: url.toString(),
      EVENTS_TOPIC: eventsTopic,
      JOURNEYS_TOPIC: journeysTopic,
      CONSUMER_GROUP: uniqueName('stitcher'),
      KAFKA_TOPIC_PARTITIONS: '1',
      MIGRATE_ON_START: 'false',
    });
    service = await buildStitcherService(config, { logger: testLogger(), kafka });
    await service.start();
  });
  afterAll(async () => {
    proxy.resume();
    await service?.stop();
    await service?.stop();
    await producer?.disconnect();
    await proxy?.close();
    await db?.drop();
  });

  const stored = async () =>
    (
      await db.pool.query<{ user_id: string }>(
        'SELECT user_id FROM raw_events ORDER BY occurred_at, user_id',
      )
    ).rows.map((r) => r.user_id);
  const journeys = async (orderId: string) =>
    (
      await db.pool.query<{ version: number }>(
        'SELECT version FROM customer_journeys WHERE order_id = $1',
        [orderId],
      )
    ).rows;

  it('dead-letters the record PostgreSQL refuses and stores every good one around it once', async () => {
    await sendEvents(producer, eventsTopic, [
      event('alice'),
      event('nul', { properties: { note: 'a\u0000b' } }),
      order('alice'),
    ]);
    const [dead] = await readTopic(kafka, `${eventsTopic}.dlq`, 1);
    expect(dead?.headers).toMatchObject({
      'x-dlq-code': 'MESSAGE_REJECTED',
      'x-original-offset': '1',
    });
    expect(dead?.headers['x-dlq-reason']).toMatch(/warehouse refused/);
    await waitFor(async () => (await journeys('alice-o')).length === 1);
    expect(await stored()).toEqual(['alice', 'alice']);
  });

  it('holds records while PostgreSQL is unreachable and stitches them when it is back, dead-lettering none', async () => {
    const deadBefore = await dlqSize();
    proxy.pause();
    await sendEvents(producer, eventsTopic, [event('bob'), order('bob')]);
    // Long enough to outlast the runner's budget for unclassified errors.
    await waitFor(() => proxy.refused() >= 6, { timeoutMs: 30_000, message: 'nothing tried PG' });
    proxy.resume();
    await waitFor(async () => (await journeys('bob-o')).length === 1, { timeoutMs: 40_000 });
    expect((await stored()).filter((u) => u === 'bob')).toHaveLength(2);
    const after = Number(await dlqSize());
    if (after !== Number(deadBefore)) {
      const letters = await readTopic(kafka, `${eventsTopic}.dlq`, after);
      expect(letters.slice(Number(deadBefore)).map((l) => l.headers)).toEqual([]);
    }
  });

  it('dead-letters a journey the broker refuses as a reference and publishes the others', async () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      event('big', { occurred_at: new Date(T - (i + 1) * 60_000).toISOString() }),
    );
    await sendEvents(producer, eventsTopic, [
      ...many,
      order('big'),
      event('small'),
      order('small'),
    ]);
    const [dead] = await readTopic(kafka, `${journeysTopic}.dlq`, 1);
    expect(JSON.parse(dead!.value)).toMatchObject({ version: 1 });
    expect(dead?.headers).toMatchObject({
      'x-dlq-origin': 'journeys publisher',
      'x-original-topic': journeysTopic,
    });
    const published = await readTopic(kafka, journeysTopic, 3);
    expect(published.map((m) => (JSON.parse(m.value) as { order_id: string }).order_id)).toEqual([
      'alice-o',
      'bob-o',
      'small-o',
    ]);
    await waitFor(async () => {
      const { rows } = await db.pool.query(
        "SELECT 1 FROM processed_messages WHERE consumer = 'journey-stitcher:journeys-outbox'",
      );
      return rows.length === 0;
    });
  });

  async function dlqSize(): Promise<string | undefined> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(`${eventsTopic}.dlq`))[0]?.high;
    } finally {
      await admin.disconnect();
    }
  }
});
