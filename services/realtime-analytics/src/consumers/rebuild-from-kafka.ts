import { randomUUID } from 'node:crypto';
import type { Kafka } from '@tributary/kafka';
import type { Logger } from '@tributary/logging';
import type { ProductView } from '@tributary/realtime-store';

export interface RebuildOptions {
  kafka: Kafka;
  topic: string;
  /** Records with a Kafka timestamp at or after this instant (ms) are replayed. */
  fromTimestamp: number;
  decode: (value: Buffer | null) => ProductView | null;
  apply: (views: ProductView[]) => Promise<void>;
  logger: Logger;
}

/**
 * Replays a topic from a timestamp up to the end offsets seen at the start, with a throwaway
 * consumer group (the service's own group keeps its offsets). Views already in Redis are
 * skipped by the writer's event_id dedupe, so overlapping the live consumer is harmless.
 */
export async function rebuildFromKafka(options: RebuildOptions): Promise<{ records: number }> {
  const { kafka, topic, logger } = options;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const starts = await admin.fetchTopicOffsetsByTimestamp(topic, options.fromTimestamp);
    const highs = await admin.fetchTopicOffsets(topic);
    const remaining = new Map<number, { start: string; end: bigint }>();
    for (const { partition, offset } of starts) {
      const high = highs.find((h) => h.partition === partition);
      if (high && BigInt(offset) < BigInt(high.high))
        remaining.set(partition, { start: offset, end: BigInt(high.high) });
    }
    if (remaining.size === 0) return { records: 0 };
    const groupId = `realtime-analytics-rebuild-${randomUUID()}`;
    logger.info(
      { topic, groupId, partitions: remaining.size, fromTimestamp: options.fromTimestamp },
      'rebuild started',
    );
    const records = await replay(options, groupId, remaining);
    await admin
      .deleteGroups([groupId])
      .catch((err: unknown) => logger.warn({ err, groupId }, 'rebuild group not deleted'));
    logger.info({ topic, groupId, records }, 'rebuild finished');
    return { records };
  } finally {
    await admin.disconnect();
  }
}

async function replay(
  options: RebuildOptions,
  groupId: string,
  remaining: Map<number, { start: string; end: bigint }>,
): Promise<number> {
  const consumer = options.kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
  });
  let records = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: false });
    const done = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      void consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 3,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const range = remaining.get(batch.partition);
          if (!range) return;
          const wanted = batch.messages.filter((m) => BigInt(m.offset) < range.end);
          const views = wanted.flatMap((m) =>
            decodeOrSkip(options, m.value, batch.partition, m.offset),
          );
          if (views.length > 0) await options.apply(views);
          records += wanted.length;
          await payload.heartbeat();
          if (BigInt(batch.lastOffset()) + 1n >= range.end) {
            remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          }
        },
      });
    });
    for (const [partition, { start }] of remaining)
      consumer.seek({ topic: options.topic, partition, offset: start });
    await done;
    return records;
  } finally {
    await consumer.disconnect();
  }
}

function decodeOrSkip(
  options: RebuildOptions,
  value: Buffer | null,
  partition: number,
  offset: string,
): ProductView[] {
  try {
    const view = options.decode(value);
    return view ? [view] : [];
  } catch (err) {
    // The live consumer dead-lettered this record already; a rebuild only skips it.
    options.logger.debug({ err, partition, offset }, 'rebuild skipped an undecodable record');
    return [];
  }
}
