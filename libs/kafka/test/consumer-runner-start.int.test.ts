import { testEnv, testLogger, uniqueName } from '@tributary/testing';
import { createKafka } from '../src/client';
import { createConsumerRunner } from '../src/consumer-runner';
import { createProducer, type JsonProducer } from '../src/producer';
import { ensureTopics } from '../src/topics';

// A topic that was just created is not in every broker's metadata at once: on a 3-node cluster
// the broker a subscribe asks may still answer UNKNOWN_TOPIC_OR_PARTITION (the scale test saw
// campaign-goals answer 503 to POST /v1/streams for a stream it had stored). The same answer,
// deterministic on one broker: subscribing while the topic is being created.
describe('consumer runner start (real Kafka)', () => {
  const kafka = createKafka({
    brokers: testEnv.kafkaBrokers,
    clientId: 'runner-start',
    logger: testLogger(),
  });
  let producer: JsonProducer;
  beforeAll(async () => {
    producer = await createProducer(kafka);
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  it('waits for a topic whose metadata is not there yet instead of failing the start', async () => {
    const topic = uniqueName('runner_start');
    const runner = createConsumerRunner({
      kafka,
      groupId: uniqueName('runner_start_g'),
      topics: [topic],
      decode: (value) => value?.toString() ?? null,
      handle: async () => undefined,
      producer,
      logger: testLogger(),
    });
    const created = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() =>
      ensureTopics(kafka, [{ topic, partitions: 1, replicationFactor: 1 }]),
    );
    try {
      await runner.start();
      await created;
      expect(runner.isRunning()).toBe(true);
    } finally {
      await created.catch(() => undefined);
      await runner.stop();
    }
  });
});
