import type { Kafka, JsonProducer } from '@tributary/kafka';
import type { Pool } from '@tributary/postgres';
import {
  customerKey,
  formatIssues,
  parseJourneyMessage,
  type CustomerEvent,
  type JourneyMessage,
} from '@tributary/schemas';
import { uniqueName, waitFor } from '@tributary/testing';

/** Integration-test helpers only (imported by *.int.test.ts and the benchmark). */
export const DAY = 86_400_000;

/** A message read from the journeys topic, held to the published contract. */
export function publishedJourney(value: string): JourneyMessage {
  const parsed = parseJourneyMessage(JSON.parse(value));
  if (!parsed.ok) throw new Error(`journey message off contract: ${formatIssues(parsed.issues)}`);
  return parsed.value;
}

export async function sendEvents(
  producer: JsonProducer,
  topic: string,
  events: readonly CustomerEvent[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 5_000) {
    await producer.sendJson(
      topic,
      events.slice(i, i + 5_000).map((value) => ({ key: customerKey(value), value })),
    );
  }
}

/** Resolves once the group has committed every partition of the topic up to its end. */
export async function waitForGroupCaughtUp(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return ends.every((end) => {
          const done =
            committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          return BigInt(done) >= BigInt(end.high);
        });
      },
      { timeoutMs, intervalMs: 200, message: `group ${groupId} did not catch up on ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
}

export interface CollectedMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** Collects every message of the topics from the beginning, for the duration of a test file. */
export async function collectTopics(kafka: Kafka, topics: string[]) {
  const consumer = kafka.consumer({
    groupId: uniqueName('collector'),
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  const messages = new Map<string, CollectedMessage[]>(topics.map((t) => [t, []]));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      messages.get(topic)?.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(',') : (v?.toString() ?? ''),
          ]),
        ),
      });
      return Promise.resolve();
    },
  });
  return { of: (topic: string) => messages.get(topic) ?? [], stop: () => consumer.disconnect() };
}

/** Journeys as stored, without the write bookkeeping (stitched_at, version). */
export async function storedJourneys(pool: Pool) {
  const result = await pool.query(
    `SELECT journey_id, customer_id, order_id, converted_at, revenue::text AS revenue, currency, touchpoints,
       channel_path, touchpoint_count, first_touch_at, last_touch_at
     FROM customer_journeys ORDER BY journey_id`,
  );
  return result.rows as Record<string, unknown>[];
}

export async function storedRawEvents(pool: Pool) {
  const result = await pool.query(
    `SELECT event_id, type, occurred_at, received_at, customer_id, user_id, anonymous_id, session_id, platform,
       channel, campaign, product_id, category_id, order_id, revenue::text AS revenue, currency, payload
     FROM raw_events ORDER BY event_id`,
  );
  return result.rows as Record<string, unknown>[];
}
