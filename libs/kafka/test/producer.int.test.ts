import type { Kafka } from 'kafkajs';
import { createTestTopics, readTopic, testKafka, testLogger } from '@tributary/testing';
import { createProducer, laneOf, type JsonProducer, type ProducerOptions } from '../src/producer';
import { createThreadedProducer } from '../src/threaded-producer';

// The broker's message.max.bytes is 1 MiB by default: a record batch above it is refused.
const OVER_BROKER_LIMIT = 1_200_000;

type MakeProducer = (kafka: Kafka, options: ProducerOptions) => Promise<JsonProducer>;

// The same guarantees whether the producers run on the caller's event loop or in worker threads
// (the gateway's default): `parallel` producers become as many threads.
describe.each<[string, MakeProducer]>([
  ['on the event loop', (kafka, options) => createProducer(kafka, options)],
  [
    'in worker threads',
    (kafka, { parallel, ...options }) =>
      createThreadedProducer(kafka, { ...options, threads: parallel, logger: testLogger() }),
  ],
])('producer %s (real Kafka)', (_, make) => {
  let kafka: Kafka;
  const producers: JsonProducer[] = [];

  beforeAll(() => {
    kafka = testKafka();
  });
  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
  });

  async function producer(
    maxRequestBytes?: number,
    options: ProducerOptions = {},
  ): Promise<JsonProducer> {
    const p = await make(kafka, maxRequestBytes ? { ...options, maxRequestBytes } : options);
    producers.push(p);
    return p;
  }

  const keys = Array.from({ length: 12 }, (_, i) => `customer-${i}`);

  it('delivers, in key order, a send far larger than one record batch may be', async () => {
    const [topic] = (await createTestTopics(kafka, ['producer-large'], 3)) as [string];
    const p = await producer();
    // 3,000 x 1 KB: ~3 MB, so a single request would put ~1 MB batches on each partition.
    const messages = Array.from({ length: 3_000 }, (_, i) => ({
      key: keys[i % keys.length] as string,
      value: { seq: i, pad: 'x'.repeat(1_000) },
    }));
    await p.sendJson(topic, messages);
    const read = await readTopic(kafka, topic, messages.length, 60_000);
    expect(read).toHaveLength(messages.length);
    for (const key of keys) {
      const seqs = read
        .filter((m) => m.key === key)
        .sort((a, b) => Number(a.offset) - Number(b.offset))
        .map((m) => (JSON.parse(m.value) as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs).toHaveLength(messages.length / keys.length);
    }
  });

  it('writes headers as given and numbers the records of a batch one by one', async () => {
    const [topic] = (await createTestTopics(kafka, ['producer-records'], 1)) as [string];
    const p = await producer();
    await p.send(
      topic,
      ['a', 'b', 'c'].map((id) => ({
        key: 'customer-0',
        value: JSON.stringify({ id }),
        headers: { 'event-id': id, 'event-type': 'page_view' },
      })),
    );
    const read = await readTopic(kafka, topic, 3, 30_000);
    expect(read.map((m) => [m.offset, m.headers])).toEqual([
      ['0', { 'event-id': 'a', 'event-type': 'page_view' }],
      ['1', { 'event-id': 'b', 'event-type': 'page_view' }],
      ['2', { 'event-id': 'c', 'event-type': 'page_view' }],
    ]);
  });

  it('keeps each key in order through parallel producers that coalesce concurrent sends', async () => {
    const [topic] = (await createTestTopics(kafka, ['producer-parallel'], 3)) as [string];
    const p = await producer(undefined, { parallel: 3, coalesce: true });
    // The keys spread over the three producers, so each request carries some keys only.
    expect(new Set(keys.map((key) => laneOf(key, 3))).size).toBe(3);
    let seq = 0;
    const sends = Array.from({ length: 100 }, () =>
      p.sendJson(
        topic,
        Array.from({ length: 10 }, () => ({
          key: keys[seq % keys.length] as string,
          value: { seq: seq++ },
        })),
      ),
    );
    await Promise.all(sends);
    const read = await readTopic(kafka, topic, seq, 60_000);
    expect(read).toHaveLength(seq);
    for (const key of keys) {
      const seqs = read
        .filter((m) => m.key === key)
        .sort((a, b) => Number(a.offset) - Number(b.offset))
        .map((m) => (JSON.parse(m.value) as { seq: number }).seq);
      expect(seqs.length).toBeGreaterThan(0);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('keeps working after a refused request appended to some partitions only', async () => {
    const [topic] = (await createTestTopics(kafka, ['producer-recover'], 3)) as [string];
    // One request for everything, so the refused batch shares it with batches the broker appends.
    const p = await producer(64 * 1024 * 1024);
    const small = keys.map((key) => ({ key, value: { note: 'before' } }));
    await expect(
      p.sendJson(topic, [
        ...small,
        { key: 'customer-0', value: { pad: 'x'.repeat(OVER_BROKER_LIMIT) } },
      ]),
    ).rejects.toThrow();
    // kafkajs had rolled back every partition's sequence, also where the broker had appended:
    // without a fresh producer id each of these sends was refused as out of order.
    await p.sendJson(
      topic,
      keys.map((key) => ({ key, value: { note: 'after' } })),
    );
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const stored = offsets.reduce((sum, o) => sum + Number(o.high), 0);
    const read = await readTopic(kafka, topic, stored, 30_000);
    expect(read.filter((m) => m.value.includes('before')).length).toBeLessThan(keys.length);
    expect(read.filter((m) => m.value.includes('after'))).toHaveLength(keys.length);
  });
});
