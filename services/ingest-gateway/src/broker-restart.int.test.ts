import {
  TEST_SECRETS,
  readTopic,
  dedicatedKafka,
  testLogger,
  uniqueName,
} from '@tributary/testing';
import { createKafka } from '@tributary/kafka';
import { loadIngestConfig } from './config';
import { buildIngestService } from './service';

// A broker of its own on other ports, so killing it does not disturb other tests.
const broker = dedicatedKafka(19092);

describe('ingest-gateway across a Kafka broker restart', () => {
  beforeAll(() => broker.start(), 180_000);
  afterAll(() => broker.kill().catch(() => undefined));

  it('loses no event that got a 202 while the broker is killed and restarted mid-ingest', async () => {
    const topic = uniqueName('events');
    const service = await buildIngestService(
      loadIngestConfig({
        EVENTS_TOPIC: topic,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
        KAFKA_BROKERS: broker.brokers.join(','),
        KAFKA_TOPIC_PARTITIONS: '2',
      }),
      testLogger(),
    );
    const acknowledged: string[] = [];
    let refused = 0;
    let n = 0;
    const post = async () => {
      n += 1;
      const id = `ev-${n}`;
      const response = await service.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'x-api-key': TEST_SECRETS.producerKey },
        payload: {
          event_id: id,
          type: 'page_view',
          occurred_at: new Date().toISOString(),
          anonymous_id: `a${n % 7}`,
        },
      });
      if (response.statusCode === 202) acknowledged.push(id);
      else refused += 1;
    };
    try {
      for (let i = 0; i < 30; i += 1) await post();
      await broker.kill();
      const restart = broker.start();
      // Keep ingesting while the broker is down and coming back.
      let restarted = false;
      void restart.then(() => (restarted = true));
      while (!restarted) await post();
      await restart;
      for (let i = 0; i < 30; i += 1) await post();
    } finally {
      await service.stop();
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    const kafka = createKafka({
      brokers: broker.brokers,
      clientId: 'reader',
      logger: testLogger(),
    });
    const messages = await readTopic(kafka, topic, acknowledged.length, 60_000);
    const stored = new Set(
      messages.map((m) => (JSON.parse(m.value) as { event_id: string }).event_id),
    );
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    // Refused requests answered 503 (the client retries them); none of them was counted as stored.
    expect(refused + acknowledged.length).toBe(n);
  }, 240_000);
});
