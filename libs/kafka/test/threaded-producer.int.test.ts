import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { createTestTopics, testEnv, testKafka, testLogger } from '@tributary/testing';
import type { JsonProducer } from '../src/producer';
import { createThreadedProducer } from '../src/threaded-producer';

// What only the threaded producer adds to producer.int.test.ts's guarantees: bytes and errors
// crossing threads, and a thread that stops.
describe('threaded producer (real Kafka)', () => {
  let kafka: Kafka;
  const producers: JsonProducer[] = [];

  beforeAll(() => {
    kafka = testKafka();
  });
  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
  });

  async function threaded(threadEntry?: string): Promise<JsonProducer> {
    const p = await createThreadedProducer(kafka, { logger: testLogger(), threadEntry });
    producers.push(p);
    return p;
  }

  async function readRaw(topic: string, count: number) {
    const consumer = kafka.consumer({ groupId: `${topic}.reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const read: { value: Buffer | null; headers: Record<string, unknown> }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          read.push({ value: message.value, headers: message.headers ?? {} });
          if (read.length === count) resolve();
        },
      });
    });
    await consumer.disconnect();
    return read;
  }

  it('writes Buffer values and headers as bytes, not as their text', async () => {
    const [topic] = (await createTestTopics(kafka, ['threaded-bytes'], 1)) as [string];
    const p = await threaded();
    // The Confluent wire format: a zero byte, the schema id, then the payload.
    const value = Buffer.from([0, 0, 0, 0, 7, 0x7b, 0x7d]);
    await p.send(topic, [
      {
        key: 'customer-1',
        value,
        headers: {
          trace: Buffer.from([1, 2, 3]),
          type: 'view',
          tags: [Buffer.from([9]), 'text'],
        },
      },
    ]);
    const [record] = await readRaw(topic, 1);
    expect(record?.value).toEqual(value);
    expect(record?.headers.trace).toEqual(Buffer.from([1, 2, 3]));
    expect(String(record?.headers.type)).toBe('view');
    // A header given several values is written once per value, in order.
    expect(record?.headers.tags).toEqual([Buffer.from([9]), Buffer.from('text')]);
  });

  it("rejects with kafkajs's error name and type when the broker refuses a send", async () => {
    const [topic] = (await createTestTopics(kafka, ['threaded-refused'], 1)) as [string];
    const p = await threaded();
    // Over the broker's message.max.bytes (1 MiB): refused for good, not retried.
    const refusal = p.send(topic, [{ key: 'customer-1', value: 'x'.repeat(1_200_000) }]);
    await expect(refusal).rejects.toMatchObject({
      name: 'KafkaJSProtocolError',
      type: 'MESSAGE_TOO_LARGE',
    });
    await expect(refusal).rejects.toBeInstanceOf(Error);
    // The thread replaced its producer and goes on.
    await expect(p.send(topic, [{ key: 'customer-1', value: 'after' }])).resolves.toHaveLength(1);
  });

  it('fails the sends a stopped thread held, and starts a new thread for the next send', async () => {
    const p = await threaded(join(__dirname, 'fixtures', 'thread-that-dies.js'));
    await expect(p.send('any-topic', [{ key: 'k', value: 'v' }])).rejects.toThrow(
      /kafka producer thread stopped \(exit 3\)/,
    );
    // The next send reaches a new thread (which dies again): not a hang on a dead one.
    await expect(p.send('any-topic', [{ key: 'k', value: 'v' }])).rejects.toThrow(
      /kafka producer thread stopped/,
    );
  });

  it('stops a thread that answered its close but would not end by itself', async () => {
    const p = await createThreadedProducer(kafka, {
      logger: testLogger(),
      threadEntry: join(__dirname, 'fixtures', 'thread-that-lingers.js'),
    });
    // Resolves (the thread is terminated) instead of holding the process open.
    await expect(p.disconnect()).resolves.toBeUndefined();
  });

  it('holds the process open while a send waits for the broker, and not once it is idle', async () => {
    const [topic] = (await createTestTopics(kafka, ['threaded-exit'], 1)) as [string];
    // The script neither awaits the send nor disconnects: it must print the acknowledgement (the
    // waiting send kept it alive) and then end by itself (the idle thread does not hold it).
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, 'fixtures', 'send-and-forget.js'), testEnv.kafkaBrokers.join(','), topic],
      { timeout: 45_000 },
    );
    expect(stdout.trim()).toBe('acknowledged');
  });
});
