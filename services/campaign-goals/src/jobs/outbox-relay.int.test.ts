import { createProducer, ensureTopics, type JsonProducer, type Kafka } from '@tributary/kafka';
import {
  createTestDatabase,
  readTopic,
  testKafka,
  testLogger,
  uniqueName,
  type TestDatabase,
} from '@tributary/testing';
import { startOutboxRelay } from './outbox-relay';

/**
 * Issue 16 for the goals.achieved relay: a row the broker refuses for good (here: larger than the
 * topic's max.message.bytes) must not hold every realization queued behind it. It goes to
 * `<topic>.dlq` as a reference (the payload stays in goal_outbox for a replay after the fix),
 * and the rows around it are published.
 */
describe('goals.achieved outbox relay (real Kafka and PostgreSQL)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: JsonProducer;
  let topic: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = testKafka();
    topic = uniqueName('goals');
    await ensureTopics(kafka, [
      { topic, partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '2000' } },
      { topic: `${topic}.dlq`, partitions: 1, replicationFactor: 1 },
    ]);
    producer = await createProducer(kafka);
  });
  afterAll(async () => {
    await producer.disconnect();
    await db.drop();
  });

  it('dead-letters a row the broker refuses and publishes the rows around it', async () => {
    const rows = [
      { id: 'r1', note: 'small' },
      { id: 'r2', note: 'x'.repeat(5_000) },
      { id: 'r3', note: 'small' },
    ];
    for (const row of rows) {
      await db.pool.query(
        'INSERT INTO goal_outbox (realization_id, message_key, payload) VALUES ($1, $2, $3)',
        [row.id, 'client', JSON.stringify({ 'realization-id': row.id, note: row.note })],
      );
    }
    const relay = startOutboxRelay({
      pool: db.pool,
      producer,
      topic,
      logger: testLogger(),
      intervalMs: 60_000,
    });
    try {
      expect(await relay.flush()).toBe(3);
    } finally {
      await relay.stop();
    }
    const published = await readTopic(kafka, topic, 2);
    expect(
      published.map((m) => (JSON.parse(m.value) as { 'realization-id': string })['realization-id']),
    ).toEqual(['r1', 'r3']);
    const [dead] = await readTopic(kafka, `${topic}.dlq`, 1);
    expect(JSON.parse(dead!.value)).toEqual({ 'outbox-id': '2', 'realization-id': 'r2' });
    expect(dead?.headers).toMatchObject({
      'x-dlq-origin': 'goals.achieved outbox relay',
      'x-original-topic': topic,
    });
    expect(dead?.headers['x-dlq-reason']).toMatch(/too large|larger/i);
    const { rows: pending } = await db.pool.query(
      'SELECT 1 FROM goal_outbox WHERE sent_at IS NULL',
    );
    expect(pending).toEqual([]);
  });
});
