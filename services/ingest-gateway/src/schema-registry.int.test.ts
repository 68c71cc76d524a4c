import { parseJsonValue } from '@tributary/kafka';
import { TEST_SECRETS, createTestTopics, testKafka, testLogger } from '@tributary/testing';
import { loadIngestConfig } from './config';
import { buildIngestService } from './service';

// scripts/infra/up.sh runs Apicurio Registry (Confluent-compatible API) on 8082.
const REGISTRY = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8082/apis/ccompat/v7';

describe('ingest-gateway with a schema registry', () => {
  it('writes events in the Confluent wire format with the contract registered as JSON Schema', async () => {
    const kafka = testKafka();
    const [topic] = (await createTestTopics(kafka, ['events'], 1)) as [string];
    const service = await buildIngestService(
      loadIngestConfig({
        EVENTS_TOPIC: topic,
        INGEST_API_KEYS: TEST_SECRETS.producerKey,
        SCHEMA_REGISTRY_URL: REGISTRY,
      }),
      testLogger(),
    );
    try {
      const event = {
        event_id: 'wire-1',
        type: 'page_view',
        occurred_at: new Date().toISOString(),
        anonymous_id: 'a1',
      };
      const response = await service.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'x-api-key': TEST_SECRETS.producerKey },
        payload: event,
      });
      expect(response.statusCode).toBe(202);
    } finally {
      await service.stop();
    }
    const consumer = kafka.consumer({ groupId: `${topic}-raw` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const raw = await new Promise<Buffer>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => resolve(message.value ?? Buffer.alloc(0)),
      });
    });
    await consumer.disconnect();
    expect(raw[0]).toBe(0);
    const schemaId = raw.readInt32BE(1);
    const subject = await fetch(`${REGISTRY}/subjects/${topic}-value/versions/latest`).then(
      (r) => r.json() as Promise<{ id: number }>,
    );
    expect(subject.id).toBe(schemaId);
    expect(parseJsonValue(raw)).toMatchObject({ event_id: 'wire-1', channel: 'direct' });
  });
});
