import type { Kafka } from 'kafkajs';
import { createKafka, ensureTopics } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import { testEnv } from './env';
import { testLogger } from './test-logger';
import { uniqueName } from './names';

export function testKafka(logger: Logger = testLogger()): Kafka {
  return createKafka({ brokers: testEnv.kafkaBrokers, clientId: uniqueName('test'), logger });
}

/** Creates unique topics (and their `.dlq`) for one test; returns their names in order. */
export async function createTestTopics(
  kafka: Kafka,
  prefixes: string[],
  partitions = 3,
): Promise<string[]> {
  const names = prefixes.map((p) => uniqueName(p));
  await ensureTopics(
    kafka,
    names.flatMap((topic) => [
      { topic, partitions, replicationFactor: 1 },
      { topic: `${topic}.dlq`, partitions: 1, replicationFactor: 1 },
    ]),
  );
  return names;
}

export interface ReadMessage {
  key: string | null;
  value: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning until `count` messages arrived (or the timeout). */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({
    groupId: uniqueName('reader'),
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${messages.length}/${count} from ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          messages.push({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? '',
            partition,
            offset: message.offset,
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [
                k,
                Array.isArray(v) ? v.join(',') : (v?.toString() ?? ''),
              ]),
            ),
          });
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

/** Messages ever written to a topic (the sum of its partitions' end offsets). */
export async function countMessages(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
