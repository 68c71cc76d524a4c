import { Type } from '@sinclair/typebox';
import {
  createConsumerRunner,
  createProducer,
  jsonCodec,
  poison,
  type ConsumerRunner,
  type JsonProducer,
  type Kafka,
} from '@tributary/kafka';
import { createMetricsRegistry } from '@tributary/metrics';
import {
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '@tributary/testing';
import { REPLAYED_FROM_HEADER } from './dead-letters';
import { runDlqReplay, type RunOptions } from './dlq-replay';

const Message = Type.Object({ id: Type.String(), n: Type.Integer() });
const codec = jsonCodec(Message);

describe('dlq-replay (real Kafka)', () => {
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

  /** The real consumer runner, so the letters carry exactly the headers services write. */
  async function startRunner(
    topic: string,
    groupId: string,
    rejected: Set<string>,
    applied: string[],
  ) {
    const runner = createConsumerRunner({
      kafka,
      groupId,
      topics: [topic],
      decode: (value) => codec.decode(value),
      handle: async (records) => {
        const ids = records.map((r) => r.value.id);
        const bad = ids.find((id) => rejected.has(id));
        if (bad) throw poison('MESSAGE_REJECTED', `unknown currency for ${bad}`);
        applied.push(...ids);
      },
      producer,
      logger: testLogger(),
      metrics: createMetricsRegistry('test', false),
      backoff: { initialMs: 10, maxMs: 50, maxAttempts: 5 },
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1_000,
    });
    runners.push(runner);
    await runner.start();
    return runner;
  }

  function options(dlqTopic: string, group: string, extra: Partial<RunOptions> = {}): RunOptions {
    return {
      dlqTopic,
      group,
      fromBeginning: false,
      timeoutMs: 20_000,
      filter: { codes: [] },
      replay: false,
      commit: false,
      ...extra,
    };
  }

  it('lists real dead letters, replays the selected ones to the original topic, and commits its group', async () => {
    const [topic] = (await createTestTopics(kafka, ['dlqtool'], 3)) as [string];
    const dlq = `${topic}.dlq`;
    // One customer key: one partition, offsets 0..5 in order.
    await producer.send(topic, [
      { key: 'c1', value: JSON.stringify({ id: 'm0', n: 0 }) },
      { key: 'c1', value: '{not json' },
      { key: 'c1', value: JSON.stringify({ id: 'm2', n: 2 }) },
      { key: 'c1', value: JSON.stringify({ id: 'm3', n: 'three' }) },
      {
        key: 'c1',
        value: JSON.stringify({ id: 'm4', n: 4 }),
        headers: { 'x-event-source': 'web' },
      },
      { key: 'c1', value: JSON.stringify({ id: 'm5', n: 5 }) },
    ]);
    const rejected = new Set(['m4']);
    const applied: string[] = [];
    const group = uniqueName('svc');
    const first = await startRunner(topic, group, rejected, applied);
    await waitFor(() => applied.length === 3);
    await readTopic(kafka, dlq, 3);
    await first.stop();
    expect(applied).toEqual(['m0', 'm2', 'm5']);

    const toolGroup = uniqueName('dlq-replay');
    // Listing: every letter with its reason headers; nothing committed, so a second listing sees them again.
    const listed = await runDlqReplay(kafka, options(dlq, toolGroup));
    expect(listed.read.map((l) => [l.code, l.originalOffset])).toEqual([
      ['MESSAGE_UNDECODABLE', '1'],
      ['MESSAGE_INVALID', '3'],
      ['MESSAGE_REJECTED', '4'],
    ]);
    const original = listed.read[2];
    expect(original).toMatchObject({
      originalTopic: topic,
      group,
      reason: 'unknown currency for m4',
    });
    expect(original?.originalPartition).toEqual(listed.read[0]?.originalPartition);
    expect(listed).toMatchObject({ replayed: 0, committed: false });
    expect((await runDlqReplay(kafka, options(dlq, toolGroup))).read).toHaveLength(3);

    // Offset-range selection (original offsets, inclusive).
    const ranged = await runDlqReplay(
      kafka,
      options(dlq, toolGroup, { filter: { codes: [], offsets: { from: 2n, to: 3n } } }),
    );
    expect(ranged.selected.map((l) => l.code)).toEqual(['MESSAGE_INVALID']);

    // The cause is fixed; replay only the rejected letter.
    rejected.clear();
    const replay = await runDlqReplay(
      kafka,
      options(dlq, toolGroup, {
        filter: { codes: ['MESSAGE_REJECTED'] },
        replay: true,
        commit: true,
      }),
    );
    expect(replay).toMatchObject({ replayed: 1, committed: true });
    const all = await readTopic(kafka, topic, 7);
    const back = all.find((m) => m.headers[REPLAYED_FROM_HEADER] !== undefined);
    expect(back).toMatchObject({
      key: 'c1',
      value: JSON.stringify({ id: 'm4', n: 4 }),
      offset: '6',
    });
    expect(back?.headers).toMatchObject({
      'x-event-source': 'web',
      [REPLAYED_FROM_HEADER]: `${dlq}:0:2`,
    });
    expect(back?.headers['x-dlq-code']).toBeUndefined();

    // The service applies it on its next run, from where its group left off.
    await startRunner(topic, group, rejected, applied);
    await waitFor(() => applied.includes('m4'));
    expect(applied).toEqual(['m0', 'm2', 'm5', 'm4']);

    // The tool's group moved past what it read; --from-beginning still shows everything.
    expect((await runDlqReplay(kafka, options(dlq, toolGroup))).read).toHaveLength(0);
    expect(
      (await runDlqReplay(kafka, options(dlq, toolGroup, { fromBeginning: true }))).read,
    ).toHaveLength(3);
  });

  it('replays without moving the group with commit off, answers an empty DLQ at once, and names a missing topic', async () => {
    const [topic] = (await createTestTopics(kafka, ['dlqtool'], 1)) as [string];
    const dlq = `${topic}.dlq`;
    const toolGroup = uniqueName('dlq-replay');
    expect(await runDlqReplay(kafka, options(dlq, toolGroup))).toMatchObject({
      read: [],
      selected: [],
    });

    await producer.send(dlq, [
      {
        key: 'k',
        value: '{"a":1}',
        headers: {
          'x-dlq-code': 'MESSAGE_INVALID',
          'x-original-topic': topic,
          'x-original-partition': '0',
          'x-original-offset': '41',
        },
      },
    ]);
    const result = await runDlqReplay(
      kafka,
      options(dlq, toolGroup, { replay: true, commit: false }),
    );
    expect(result).toMatchObject({ replayed: 1, committed: false });
    const [back] = await readTopic(kafka, topic, 1);
    expect(back?.value).toBe('{"a":1}');
    expect((await runDlqReplay(kafka, options(dlq, toolGroup))).read).toHaveLength(1);

    await expect(
      runDlqReplay(kafka, options(`${uniqueName('nope')}.dlq`, toolGroup)),
    ).rejects.toThrow(/does not exist/);
  });
});
