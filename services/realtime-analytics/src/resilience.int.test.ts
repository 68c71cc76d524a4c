import { randomUUID } from 'node:crypto';
import { createProducer, type JsonProducer, type Kafka } from '@tributary/kafka';
import type { CustomerEvent } from '@tributary/schemas';
import {
  createTestRedis,
  createTestTopics,
  readTopic,
  startTcpProxy,
  testEnv,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
  type TcpProxy,
  type TestRedis,
} from '@tributary/testing';
import { loadRealtimeConfig } from './config';
import { buildRealtimeService, type RealtimeService } from './service';

const view = (user: string, at = Date.now()): CustomerEvent => ({
  event_id: randomUUID(),
  type: 'product_view',
  occurred_at: new Date(at).toISOString(),
  received_at: new Date(at).toISOString(),
  channel: 'direct',
  user_id: user,
  properties: { product_id: 'p1', category_id: 'c1' },
});

/**
 * Issue 16 for realtime-analytics: bad records among good ones are dead-lettered with their
 * reason, every good one counted once; while Redis is unreachable (a proxy this test pauses, so
 * the shared Redis keeps serving everyone else) records are held, none dead-lettered, and
 * counting resumes by itself when Redis is back.
 */
describe('realtime-analytics poison records and a Redis outage (real Kafka and Redis)', () => {
  let kafka: Kafka;
  let producer: JsonProducer;
  let proxy: TcpProxy;
  let redis: TestRedis;
  let service: RealtimeService;
  let topic: string;

  beforeAll(async () => {
    kafka = testKafka();
    producer = await createProducer(kafka);
    [topic] = (await createTestTopics(kafka, ['events'], 1)) as [string];
    redis = await createTestRedis();
    proxy = await startTcpProxy(Number(new URL(testEnv.redisUrl).port || 6379));
    const config = loadRealtimeConfig({
      EVENTS_TOPIC: topic,
      CONSUMER_GROUP: uniqueName('g'),
      KAFKA_TOPIC_PARTITIONS: '1',
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      REDIS_KEY_PREFIX: redis.prefix,
      SWEEP_INTERVAL_MS: '200',
    });
    service = await buildRealtimeService(config, { logger: testLogger(), kafka });
    await service.start();
  });
  afterAll(async () => {
    proxy.resume();
    await service?.stop();
    await service?.stop();
    await producer?.disconnect();
    await proxy?.close();
    await redis?.cleanup();
  });

  const send = (values: (CustomerEvent | string)[]) =>
    producer.send(
      topic,
      values.map((v) => ({ key: 'k', value: typeof v === 'string' ? v : JSON.stringify(v) })),
    );
  const totalViews = async () => (await service.reader.users({ now: Date.now() })).total_views;

  it('dead-letters each bad record with its reason and counts every good one once', async () => {
    const { event_id: _drop, ...noId } = view('nobody');
    await send([view('alice'), '{not json', JSON.stringify(noId), view('bob')]);
    const dead = await readTopic(kafka, `${topic}.dlq`, 2);
    expect(dead.map((d) => [d.headers['x-original-offset'], d.headers['x-dlq-code']])).toEqual([
      ['1', 'MESSAGE_UNDECODABLE'],
      ['2', 'MESSAGE_INVALID'],
    ]);
    expect(dead[1]?.headers['x-dlq-reason']).toContain('event_id');
    await waitFor(async () => (await totalViews()) === 2);
  });

  it('holds records while Redis is unreachable and counts them when it is back, dead-lettering none', async () => {
    proxy.pause();
    await send([view('carol'), view('dave')]);
    // Long enough (several reconnects) to outlast the runner's budget for unclassified errors.
    await waitFor(() => proxy.refused() >= 6, {
      timeoutMs: 30_000,
      message: 'nothing tried Redis',
    });
    proxy.resume();
    await waitFor(async () => (await totalViews().catch(() => 0)) === 4, { timeoutMs: 40_000 });
    const admin = kafka.admin();
    await admin.connect();
    const [dlq] = await admin.fetchTopicOffsets(`${topic}.dlq`);
    await admin.disconnect();
    expect(dlq?.high).toBe('2');
  });
});
