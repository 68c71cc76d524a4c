import { Type } from '@sinclair/typebox';
import type { Kafka } from 'kafkajs';
import { createMetricsRegistry } from '@tributary/metrics';
import {
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '@tributary/testing';
import { BAD_EVENT_SCHEMA, createBadEventPublisher, type BadEvent } from '../src/bad-events';
import { createConsumerRunner, type ConsumerRunner } from '../src/consumer-runner';
import { poison, ProcessingError } from '../src/errors';
import { jsonCodec } from '../src/json-codec';
import { createProducer, type JsonProducer } from '../src/producer';

const Message = Type.Object({ id: Type.String(), n: Type.Integer() });
const codec = jsonCodec(Message);

describe('consumer runner (real Kafka)', () => {
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

  function runner(
    topic: string,
    groupId: string,
    handle: (ids: string[]) => Promise<void>,
    badEventsTopic?: string,
  ) {
    const r = createConsumerRunner({
      ...(badEventsTopic ? { badEvents: createBadEventPublisher(producer, badEventsTopic) } : {}),
      kafka,
      groupId,
      topics: [topic],
      decode: (value) => codec.decode(value),
      handle: (records) => handle(records.map((rec) => rec.value.id)),
      producer,
      logger: testLogger(),
      metrics: createMetricsRegistry('test', false),
      backoff: { initialMs: 10, maxMs: 50, maxAttempts: 5 },
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
    });
    runners.push(r);
    return r;
  }

  it('applies good messages, dead-letters undecodable and invalid ones with the reason, and keeps going', async () => {
    const [topic] = (await createTestTopics(kafka, ['runner'], 1)) as [string];
    await producer.send(topic, [
      { key: 'a', value: JSON.stringify({ id: 'm1', n: 1 }) },
      { key: 'a', value: '{not json' },
      { key: 'a', value: JSON.stringify({ id: 'm3', n: 'three' }) },
      { key: 'a', value: JSON.stringify({ id: 'm4', n: 4 }) },
    ]);
    const seen: string[] = [];
    await runner(topic, uniqueName('g'), async (ids) => void seen.push(...ids)).start();
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['m1', 'm4']);
    const dead = await readTopic(kafka, `${topic}.dlq`, 2);
    expect(dead.map((d) => d.headers['x-dlq-code'])).toEqual([
      'MESSAGE_UNDECODABLE',
      'MESSAGE_INVALID',
    ]);
    expect(dead[1]?.headers['x-dlq-reason']).toMatch(/\/n/);
    expect(dead.map((d) => d.headers['x-original-offset'])).toEqual(['1', '2']);
  });

  it('Given a bad-events topic, When a record is dead-lettered, Then it is also kept there with its reason, bytes and way back', async () => {
    const [topic, bad] = (await createTestTopics(kafka, ['runner', 'bad'], 1)) as [string, string];
    const binary = Buffer.from([0, 0, 0, 0, 7, 0xff]);
    await producer.send(topic, [
      { key: 'a', value: JSON.stringify({ id: 'm1', n: 1 }), headers: { 'event-id': 'e1' } },
      { key: 'a', value: binary, headers: { 'event-id': 'e2' } },
      { key: 'b', value: JSON.stringify({ id: 'm3', n: 'three' }) },
    ]);
    const seen: string[] = [];
    const group = uniqueName('g');
    await runner(topic, group, async (ids) => void seen.push(...ids), bad).start();
    const kept = await readTopic(kafka, bad, 2);
    expect(seen).toEqual(['m1']);
    const [first, second] = kept.map((m) => JSON.parse(m.value) as BadEvent);
    expect(first).toMatchObject({
      schema: BAD_EVENT_SCHEMA,
      source: `${topic}.dlq from ${group}`,
      processor: group,
      reason: { code: 'MESSAGE_UNDECODABLE' },
      event_id: 'e2',
      payload: { topic, partition: 0, offset: '1', key: 'a', value: binary.toString('base64') },
      replay: { via: 'kafka', topic },
    });
    expect(second).toMatchObject({
      reason: { code: 'MESSAGE_INVALID' },
      payload: { value: '{"id":"m3","n":"three"}', value_encoding: 'utf8', offset: '2' },
    });
    expect(second?.event_id).toBeUndefined();
    expect(kept.map((m) => [m.key, m.headers['x-bad-code']])).toEqual([
      ['e2', 'MESSAGE_UNDECODABLE'],
      [`${topic}.dlq from ${group}`, 'MESSAGE_INVALID'],
    ]);
    // The .dlq copy is unchanged.
    expect(await readTopic(kafka, `${topic}.dlq`, 2)).toHaveLength(2);
  });

  it('isolates a message the handler rejects as poison and applies the rest of the batch', async () => {
    const [topic] = (await createTestTopics(kafka, ['runner'], 1)) as [string];
    await producer.sendJson(
      topic,
      ['m1', 'bad', 'm3'].map((id, n) => ({ key: 'k', value: { id, n } })),
    );
    const applied: string[] = [];
    await runner(topic, uniqueName('g'), async (ids) => {
      if (ids.includes('bad')) throw poison('MESSAGE_REJECTED', 'unknown currency XYZ');
      applied.push(...ids);
    }).start();
    await waitFor(() => applied.length === 2);
    expect(applied).toEqual(['m1', 'm3']);
    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1);
    expect(dead?.headers['x-dlq-reason']).toBe('unknown currency XYZ');
  });

  it('retries a retriable failure instead of dead-lettering it', async () => {
    const [topic] = (await createTestTopics(kafka, ['runner'], 1)) as [string];
    await producer.sendJson(topic, [{ key: 'k', value: { id: 'm1', n: 1 } }]);
    let attempts = 0;
    const applied: string[] = [];
    await runner(topic, uniqueName('g'), async (ids) => {
      attempts += 1;
      if (attempts < 3) throw new ProcessingError('DEPENDENCY_UNAVAILABLE', 'database down', true);
      applied.push(...ids);
    }).start();
    await waitFor(() => applied.length === 1);
    expect(attempts).toBe(3);
  });

  it('commits only after the effect: a consumer stopped before commit redelivers, and a restart resumes after the last commit', async () => {
    const [topic] = (await createTestTopics(kafka, ['runner'], 1)) as [string];
    const groupId = uniqueName('g');
    await producer.sendJson(
      topic,
      Array.from({ length: 5 }, (_, n) => ({ key: 'k', value: { id: `m${n}`, n } })),
    );
    const effects = new Map<string, number>();
    const first = runner(topic, groupId, async (ids) => {
      for (const id of ids) effects.set(id, (effects.get(id) ?? 0) + 1);
      // The effect happened but the process "dies" before the offset is committed.
      throw new ProcessingError('DEPENDENCY_UNAVAILABLE', 'crash before commit', true);
    });
    await first.start();
    await waitFor(() => effects.size === 5);
    await first.stop();

    const second = runner(topic, groupId, async (ids) => {
      for (const id of ids) effects.set(id, (effects.get(id) ?? 0) + 1);
    });
    const committed = new Promise((resolve) => second.events.once('committed', resolve));
    await second.start();
    await committed;
    // Redelivered: every message reached the effect again (handlers make this idempotent).
    expect([...effects.values()].every((count) => count >= 2)).toBe(true);

    await second.stop();
    await producer.sendJson(topic, [{ key: 'k', value: { id: 'm5', n: 5 } }]);
    const third: string[] = [];
    await runner(topic, groupId, async (ids) => void third.push(...ids)).start();
    await waitFor(() => third.length >= 1);
    expect(third).toEqual(['m5']);
  });

  it('keeps retrying an outage past the retry budget, holding the partition, then applies', async () => {
    const [topic] = (await createTestTopics(kafka, ['runner'], 1)) as [string];
    await producer.sendJson(topic, [{ key: 'k', value: { id: 'm1', n: 1 } }]);
    let calls = 0;
    const applied: string[] = [];
    const r = runner(topic, uniqueName('g'), async (ids) => {
      calls += 1;
      // Longer than the runner's 5-attempt budget: the outage outlasts it.
      if (calls <= 8) throw new ProcessingError('DEPENDENCY_UNAVAILABLE', 'database down', true);
      applied.push(...ids);
    });
    const crashes: Error[] = [];
    r.events.on('crashed', (err) => crashes.push(err));
    await r.start();
    await waitFor(() => applied.length === 1, { timeoutMs: 40_000 });
    expect(applied).toEqual(['m1']);
    expect(calls).toBe(9);
    expect(crashes).toEqual([]);
    const [dead] = await Promise.all([readTopic(kafka, `${topic}.dlq`, 1, 3_000).catch(() => [])]);
    expect(dead).toEqual([]);
  });

  it('dead-letters a message its decoder throws on, whatever the error, and keeps going', async () => {
    const [topic] = (await createTestTopics(kafka, ['runner'], 1)) as [string];
    await producer.sendJson(topic, [
      { key: 'k', value: { id: 'boom', n: 1 } },
      { key: 'k', value: { id: 'm2', n: 2 } },
    ]);
    const applied: string[] = [];
    const r = createConsumerRunner({
      kafka,
      groupId: uniqueName('g'),
      topics: [topic],
      decode: (value) => {
        const decoded = codec.decode(value);
        // A decoder bug, not a poison() rejection.
        if (decoded.id === 'boom') throw new TypeError('cannot read properties of undefined');
        return decoded;
      },
      handle: async (records) => void applied.push(...records.map((rec) => rec.value.id)),
      producer,
      logger: testLogger(),
      backoff: { initialMs: 10, maxMs: 50, maxAttempts: 5 },
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
    });
    runners.push(r);
    await r.start();
    await waitFor(() => applied.length === 1);
    expect(applied).toEqual(['m2']);
    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1);
    expect(dead?.headers['x-dlq-code']).toBe('MESSAGE_UNDECODABLE');
    expect(dead?.headers['x-dlq-reason']).toContain('cannot read properties');
  });
});
