import { createServer } from 'node:net';
import { Type } from '@sinclair/typebox';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { createMetricsRegistry, type Registry } from '@tributary/metrics';
import {
  createTestTopics,
  readTopic,
  testEnv,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '@tributary/testing';
import {
  createConsumerRunner,
  type ConsumedRecord,
  type ConsumerRunner,
} from '../src/consumer-runner';
import { jsonCodec } from '../src/json-codec';
import { createProducer, type JsonProducer } from '../src/producer';

const Message = Type.Object({ id: Type.String(), n: Type.Number() });
type Message = { id: string; n: number };
const codec = jsonCodec(Message);

/** A loopback port nothing listens on: connecting to it is a real ECONNREFUSED. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('consumer runner error classes (real Kafka and PostgreSQL)', () => {
  let kafka: Kafka;
  let producer: JsonProducer;
  let pg: Client;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    producer = await createProducer(kafka);
    pg = new Client({ connectionString: testEnv.adminDatabaseUrl });
    await pg.connect();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await producer.disconnect();
    await pg.end();
  });

  function runner(
    topic: string,
    handle: (records: ConsumedRecord<Message>[]) => Promise<void>,
    extra: { metrics?: Registry; decode?: (value: Buffer | null) => Promise<Message> } = {},
  ) {
    const r = createConsumerRunner<Message>({
      kafka,
      groupId: uniqueName('g'),
      topics: [topic],
      decode: extra.decode ?? ((value) => codec.decode(value)),
      handle,
      producer,
      logger: testLogger(),
      metrics: extra.metrics ?? createMetricsRegistry('test', false),
      backoff: { initialMs: 10, maxMs: 50, maxAttempts: 5 },
      maxUnclassifiedRetries: 2,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
    });
    runners.push(r);
    return r;
  }

  it('dead-letters what PostgreSQL refuses (22003, 22021) and a RangeError with origin, applies every good record once', async () => {
    const [topic] = (await createTestTopics(kafka, ['poison'], 1)) as [string];
    await producer.sendJson(
      topic,
      [
        { id: 'm1', n: 1 },
        { id: 'goal-id', n: 3_000_000_000 },
        { id: 'nul\u0000client', n: 2 },
        { id: 'far-future', n: 9e15 },
        { id: 'm5', n: 5 },
      ].map((value) => ({ key: 'k', value })),
    );
    const applied: string[] = [];
    await runner(topic, async (records) => {
      // One transaction per call, as the services do: a failed batch applies nothing.
      await pg.query('BEGIN');
      try {
        for (const { value } of records) {
          const at = new Date(value.n).toISOString();
          await pg.query('SELECT $1::integer, $2::text, $3::timestamptz', [value.n, value.id, at]);
        }
        await pg.query('COMMIT');
      } catch (error) {
        await pg.query('ROLLBACK');
        throw error;
      }
      applied.push(...records.map((r) => r.value.id));
    }).start();
    const dead = await readTopic(kafka, `${topic}.dlq`, 3);
    await waitFor(() => applied.length === 2);
    expect(applied).toEqual(['m1', 'm5']);
    expect(
      dead.map((d) => [
        d.headers['x-original-offset'],
        d.headers['x-dlq-code'],
        d.headers['x-dlq-origin'],
      ]),
    ).toEqual([
      ['1', 'MESSAGE_REJECTED', 'postgres 22003'],
      ['2', 'MESSAGE_REJECTED', 'postgres 22021'],
      ['3', 'MESSAGE_REJECTED', 'RangeError'],
    ]);
    expect(dead[0]?.headers['x-dlq-reason']).toMatch(/out of range/);
  });

  it('retries an unclassified failure a bounded number of times, then dead-letters it as UNCLASSIFIED and goes on', async () => {
    const [topic] = (await createTestTopics(kafka, ['unclassified'], 1)) as [string];
    await producer.sendJson(
      topic,
      ['m1', 'odd', 'm3'].map((id, n) => ({ key: 'k', value: { id, n } })),
    );
    const metrics = createMetricsRegistry('test', false);
    const applied: string[] = [];
    let oddAttempts = 0;
    await runner(
      topic,
      async (records) => {
        if (records.some((r) => r.value.id === 'odd')) {
          oddAttempts += 1;
          throw new Error('something nobody classified');
        }
        applied.push(...records.map((r) => r.value.id));
      },
      { metrics },
    ).start();
    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1);
    await waitFor(() => applied.length === 2);
    expect(applied).toEqual(['m1', 'm3']);
    expect(dead?.headers).toMatchObject({
      'x-dlq-code': 'UNCLASSIFIED',
      'x-dlq-origin': 'Error',
      'x-dlq-reason': 'something nobody classified',
      'x-original-offset': '1',
    });
    // The batch (1 + 2 retries), then the message alone (1 + 2 retries).
    expect(oddAttempts).toBe(6);
    const counted = await metrics.getSingleMetric('kafka_unclassified_errors_total')?.get();
    expect(counted?.values[0]?.value).toBe(6);
  });

  it('applies without a dead letter when an unclassified failure clears within its retries', async () => {
    const [topic] = (await createTestTopics(kafka, ['unclassified'], 1)) as [string];
    await producer.sendJson(topic, [{ key: 'k', value: { id: 'm1', n: 1 } }]);
    let attempts = 0;
    const applied: string[] = [];
    const r = runner(topic, async (records) => {
      attempts += 1;
      if (attempts <= 2) throw new Error('transient, unknown kind');
      applied.push(...records.map((rec) => rec.value.id));
    });
    let deadLettered = 0;
    r.events.on('committed', (event) => (deadLettered += event.deadLettered));
    await r.start();
    await waitFor(() => applied.length === 1);
    expect(deadLettered).toBe(0);
  });

  it('holds the partition while the database refuses connections (ECONNREFUSED), past every retry budget, then applies', async () => {
    const [topic] = (await createTestTopics(kafka, ['outage'], 1)) as [string];
    await producer.sendJson(topic, [{ key: 'k', value: { id: 'm1', n: 1 } }]);
    const downPort = await closedPort();
    let attempts = 0;
    const applied: string[] = [];
    const r = runner(topic, async (records) => {
      attempts += 1;
      const url = new URL(testEnv.adminDatabaseUrl);
      // More failures than both the backoff budget (5) and the unclassified budget (2).
      if (attempts <= 8) url.port = String(downPort);
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      await client.end();
      applied.push(...records.map((rec) => rec.value.id));
    });
    let deadLettered = 0;
    r.events.on('committed', (event) => (deadLettered += event.deadLettered));
    await r.start();
    await waitFor(() => applied.length === 1, { timeoutMs: 40_000 });
    expect(attempts).toBe(9);
    expect(deadLettered).toBe(0);
  });

  it('retries a decoder whose dependency (a schema registry) is down instead of dead-lettering', async () => {
    const [topic] = (await createTestTopics(kafka, ['decode'], 1)) as [string];
    await producer.sendJson(topic, [{ key: 'k', value: { id: 'm1', n: 1 } }]);
    let decodes = 0;
    const applied: string[] = [];
    const r = runner(
      topic,
      async (records) => void applied.push(...records.map((rec) => rec.value.id)),
      {
        decode: async (value) => {
          decodes += 1;
          if (decodes <= 4) {
            throw new TypeError('fetch failed', {
              cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8082'), {
                code: 'ECONNREFUSED',
              }),
            });
          }
          return codec.decode(value);
        },
      },
    );
    let deadLettered = 0;
    r.events.on('committed', (event) => (deadLettered += event.deadLettered));
    await r.start();
    await waitFor(() => applied.length === 1);
    expect(decodes).toBe(5);
    expect(deadLettered).toBe(0);
  });
});
