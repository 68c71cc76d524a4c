import { Type } from '@sinclair/typebox';
import type { Kafka } from 'kafkajs';
import { createMetricsRegistry } from '@tributary/metrics';
import { createTestTopics, testKafka, testLogger, uniqueName, waitFor } from '@tributary/testing';
import { createConsumerRunner, type ConsumerRunner } from '../src/consumer-runner';
import { ProcessingError } from '../src/errors';
import { jsonCodec } from '../src/json-codec';
import { createProducer, type JsonProducer } from '../src/producer';

const codec = jsonCodec(Type.Object({ id: Type.String() }));

describe('consumer runner health and broker-measured lag (real Kafka)', () => {
  let kafka: Kafka;
  let producer: JsonProducer;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    producer = await createProducer(kafka);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  function runner(topic: string, groupId: string, handle: () => Promise<void>) {
    const metrics = createMetricsRegistry('test', false);
    const r = createConsumerRunner({
      kafka,
      groupId,
      topics: [topic],
      decode: (value) => codec.decode(value),
      handle,
      producer,
      logger: testLogger(),
      metrics,
      backoff: { initialMs: 10, maxMs: 50, maxAttempts: 5 },
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
      stallMs: 500,
    });
    runners.push(r);
    return { r, metrics };
  }

  const send = (topic: string, n: number) =>
    producer.sendJson(
      topic,
      Array.from({ length: n }, (_, i) => ({ key: 'k', value: { id: `m${i}` } })),
    );

  it('measures lag from the broker, so a stopped consumer shows what it has not read', async () => {
    const [topic] = (await createTestTopics(kafka, ['lag'], 1)) as [string];
    const groupId = uniqueName('g');
    await send(topic, 5);
    const { r, metrics } = runner(topic, groupId, async () => undefined);
    const committed = new Promise((resolve) => r.events.once('committed', resolve));
    await r.start();
    await committed;
    expect(await r.lag()).toEqual([{ topic, partition: 0, committed: '5', end: '5', lag: 0 }]);
    await r.stop();
    await send(topic, 3);
    expect((await r.lag())[0]).toMatchObject({ committed: '5', end: '8', lag: 3 });
    const gauge = await metrics.getSingleMetric('kafka_consumer_lag')?.get();
    expect(gauge?.values[0]).toMatchObject({ value: 3, labels: { topic, partition: '0' } });
  });

  it('is unhealthy while a partition makes no progress and when stopped; healthy again after progress', async () => {
    const [topic] = (await createTestTopics(kafka, ['stall'], 1)) as [string];
    await send(topic, 1);
    let down = true;
    const { r } = runner(topic, uniqueName('g'), async () => {
      if (down) throw new ProcessingError('DEPENDENCY_UNAVAILABLE', 'database down', true);
    });
    expect(() => r.assertHealthy()).toThrow(/stopped/);
    await r.start();
    await waitFor(() => r.health().stalled.length === 1);
    expect(() => r.assertHealthy()).toThrow(new RegExp(`no progress for 1 s on ${topic}\\[0\\]`));
    const committed = new Promise((resolve) => r.events.once('committed', resolve));
    down = false;
    await committed;
    expect(() => r.assertHealthy()).not.toThrow();
    await r.stop();
    await r.stop();
    expect(() => r.assertHealthy()).toThrow(/stopped/);
  });
});
