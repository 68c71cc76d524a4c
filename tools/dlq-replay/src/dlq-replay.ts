// Reads a `.dlq` topic up to its end as of the start of the run and, on request, re-produces
// selected dead letters to their original topics, then moves the tool's group offset past what it
// read. The group is only ever positioned with the admin API (it never has members), and reading
// goes through a throwaway group, so listing never moves anything.
import { randomBytes } from 'node:crypto';
import type { Kafka } from '@tributary/kafka';
import { createProducer } from '@tributary/kafka';
import {
  selectLetters,
  toDeadLetter,
  toReplayMessage,
  type DeadLetter,
  type LetterFilter,
} from './dead-letters';

export interface ReadOptions {
  dlqTopic: string;
  /** The tool's own group: reading starts at its committed offsets (or at the start). */
  group: string;
  fromBeginning: boolean;
  timeoutMs: number;
}

export interface PartitionSpan {
  partition: number;
  /** First offset read. */
  start: string;
  /** The partition's end (high watermark) when the run started: offsets before it were read. */
  end: string;
}

export interface ReadResult {
  letters: DeadLetter[];
  spans: PartitionSpan[];
}

export async function readDeadLetters(kafka: Kafka, options: ReadOptions): Promise<ReadResult> {
  const admin = kafka.admin();
  await admin.connect();
  let spans: PartitionSpan[];
  const readGroup = `${options.group}.read.${randomBytes(4).toString('hex')}`;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(options.dlqTopic))
      throw new Error(`topic ${options.dlqTopic} does not exist`);
    const ends = await admin.fetchTopicOffsets(options.dlqTopic);
    const committed = options.fromBeginning
      ? []
      : ((await admin.fetchOffsets({ groupId: options.group, topics: [options.dlqTopic] }))[0]
          ?.partitions ?? []);
    spans = ends
      .map((e) => {
        const mine = committed.find((c) => c.partition === e.partition)?.offset;
        const start = mine !== undefined && BigInt(mine) >= BigInt(e.low) ? mine : e.low;
        return { partition: e.partition, start, end: e.high };
      })
      .sort((a, b) => a.partition - b.partition);
    const pending = spans.filter((s) => BigInt(s.start) < BigInt(s.end));
    if (pending.length === 0) return { letters: [], spans };
    await admin.setOffsets({
      groupId: readGroup,
      topic: options.dlqTopic,
      partitions: spans.map((s) => ({ partition: s.partition, offset: s.start })),
    });
  } finally {
    await admin.disconnect();
  }

  const letters: DeadLetter[] = [];
  const consumer = kafka.consumer({
    groupId: readGroup,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.dlqTopic, fromBeginning: true });
    const waiting = new Set(
      spans.filter((s) => BigInt(s.start) < BigInt(s.end)).map((s) => s.partition),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `read ${letters.length} letters of ${options.dlqTopic}; partitions ${[...waiting].join(',')} did not reach their end within ${options.timeoutMs} ms`,
            ),
          ),
        options.timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch }) => {
            const span = spans.find((s) => s.partition === batch.partition);
            if (!span || !waiting.has(batch.partition)) return;
            const end = BigInt(span.end);
            for (const message of batch.messages) {
              const offset = BigInt(message.offset);
              if (offset < BigInt(span.start) || offset >= end) continue;
              letters.push(
                toDeadLetter(options.dlqTopic, {
                  partition: batch.partition,
                  offset: message.offset,
                  key: message.key,
                  value: message.value,
                  headers: message.headers,
                }),
              );
            }
            if (BigInt(batch.lastOffset()) >= end - 1n) waiting.delete(batch.partition);
            if (waiting.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
    await deleteGroupQuietly(kafka, readGroup);
  }
  letters.sort(
    (a, b) => a.dlqPartition - b.dlqPartition || Number(BigInt(a.dlqOffset) - BigInt(b.dlqOffset)),
  );
  return { letters, spans };
}

async function deleteGroupQuietly(kafka: Kafka, group: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([group]);
  } catch {
    // The throwaway group expires with offsets.retention.minutes anyway.
  } finally {
    await admin.disconnect();
  }
}

/** Re-produces the letters in their order (per original topic), acknowledged by all replicas. */
export async function replayLetters(kafka: Kafka, letters: readonly DeadLetter[]): Promise<number> {
  if (letters.length === 0) return 0;
  const producer = await createProducer(kafka);
  try {
    const byTopic = new Map<string, ReturnType<typeof toReplayMessage>[]>();
    for (const letter of letters) {
      const message = toReplayMessage(letter);
      byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    }
    for (const [topic, messages] of byTopic) {
      for (let i = 0; i < messages.length; i += 500) {
        await producer.send(
          topic,
          messages
            .slice(i, i + 500)
            .map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        );
      }
    }
    return letters.length;
  } finally {
    await producer.disconnect();
  }
}

/** Moves the tool's group past everything this run read. */
export async function commitSpans(
  kafka: Kafka,
  group: string,
  dlqTopic: string,
  spans: readonly PartitionSpan[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.setOffsets({
      groupId: group,
      topic: dlqTopic,
      partitions: spans.map((s) => ({ partition: s.partition, offset: s.end })),
    });
  } finally {
    await admin.disconnect();
  }
}

export interface RunOptions extends ReadOptions {
  filter: LetterFilter;
  replay: boolean;
  commit: boolean;
}

export interface RunResult {
  read: DeadLetter[];
  selected: DeadLetter[];
  replayed: number;
  committed: boolean;
  spans: PartitionSpan[];
}

/** The whole tool without the terminal: read, select, optionally replay and commit. */
export async function runDlqReplay(kafka: Kafka, options: RunOptions): Promise<RunResult> {
  const { letters, spans } = await readDeadLetters(kafka, options);
  const selected = selectLetters(letters, options.filter);
  if (!options.replay) return { read: letters, selected, replayed: 0, committed: false, spans };
  const replayed = await replayLetters(kafka, selected);
  const committed = options.commit && letters.length > 0;
  if (committed) await commitSpans(kafka, options.group, options.dlqTopic, spans);
  return { read: letters, selected, replayed, committed, spans };
}
