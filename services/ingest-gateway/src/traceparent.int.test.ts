import {
  TEST_SECRETS,
  createTestTopics,
  readTopic,
  testKafka,
  testLogger,
} from '@tributary/testing';
import type { Kafka } from 'kafkajs';
import { loadIngestConfig } from './config';
import { buildIngestService, type IngestService } from './service';

const event = (id: string) => ({
  event_id: id,
  type: 'product_view',
  occurred_at: new Date(Date.now() - 10_000).toISOString(),
  user_id: `u-${id}`,
  platform: 'web',
  properties: { product_id: `p-${id}` },
});

/** Issue 22: a caller's W3C traceparent goes on with its events as a Kafka header. */
describe('ingest-gateway carries the caller trace to Kafka (real Kafka)', () => {
  let kafka: Kafka;
  let topic: string;
  let service: IngestService;

  beforeAll(async () => {
    kafka = testKafka();
    [topic] = (await createTestTopics(kafka, ['trace-events'], 1)) as [string];
    service = await buildIngestService(
      loadIngestConfig({ EVENTS_TOPIC: topic, INGEST_API_KEYS: TEST_SECRETS.producerKey }),
      testLogger(),
    );
  });
  afterAll(() => service.stop());

  it('puts a valid traceparent on every event of the request, and none otherwise', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const post = (events: unknown[], extra: Record<string, string>) =>
      service.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'x-api-key': TEST_SECRETS.producerKey, ...extra },
        payload: { events },
      });
    expect((await post([event('t1'), event('t2')], { traceparent })).statusCode).toBe(202);
    expect((await post([event('t3')], {})).statusCode).toBe(202);
    expect((await post([event('t4')], { traceparent: 'not-a-trace' })).statusCode).toBe(202);
    const messages = await readTopic(kafka, topic, 4);
    const headerOf = (id: string) =>
      messages.find((m) => (JSON.parse(m.value) as { event_id: string }).event_id === id)?.headers
        .traceparent;
    expect(headerOf('t1')).toBe(traceparent);
    expect(headerOf('t2')).toBe(traceparent);
    expect(headerOf('t3')).toBeUndefined();
    expect(headerOf('t4')).toBeUndefined();
  });
});
