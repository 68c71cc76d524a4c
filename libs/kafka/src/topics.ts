import type { Kafka } from 'kafkajs';
import {
  retryWhileUnavailable,
  START_RETRY,
  type DependencyRetryOptions,
} from './retry-dependency';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

/** The dead-letter topic of a topic. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * Creates the topics that do not exist yet and waits for their leaders, so producers and
 * consumers never depend on auto-creation. Existing topics are left as they are. A broker that is
 * unavailable or answers with a retriable error is asked again with backoff (`retry`), so a
 * service does not exit at start over a transient broker state.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: TopicSpec[],
  retry: DependencyRetryOptions = START_RETRY,
): Promise<void> {
  if (specs.length === 0) return;
  await retryWhileUnavailable(() => createMissing(kafka, specs), retry);
}

async function createMissing(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.partitions,
        replicationFactor: s.replicationFactor,
        configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  } catch (error) {
    // Another replica may have created a topic between listTopics and createTopics.
    if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
  } finally {
    await admin.disconnect();
  }
}

/** Readiness probe: a metadata round trip to the cluster. */
export async function pingKafka(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}
