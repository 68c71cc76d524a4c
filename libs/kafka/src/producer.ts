import type { IHeaders, Kafka, Message, Producer, RecordMetadata } from 'kafkajs';
import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Logger } from '@tributary/logging';
import { DEFAULT_MAX_REQUEST_BYTES, requestChunks } from './request-chunks';
import { createSendQueue, type SendQueue } from './send-queue';

export interface OutgoingMessage {
  key: string;
  value: Buffer | string;
  headers?: IHeaders;
  timestamp?: string;
}

export interface JsonProducer {
  /**
   * Resolves only when every message is acknowledged by all in-sync replicas. A large send goes
   * as several requests, in order; if one fails, the ones before it stay written (at least once).
   * The metadata is that of the requests that carried the messages.
   */
  send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]>;
  sendJson(
    topic: string,
    messages: { key: string; value: unknown; headers?: IHeaders }[],
  ): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
}

/** A producer in this thread, whose kafkajs producer tests can reach. */
export interface LocalJsonProducer extends JsonProducer {
  /** The kafkajs producer in use now (it is replaced after a failed send). */
  readonly raw: Producer;
}

export interface ProducerOptions {
  /** Keys, values and headers per produce request; see DEFAULT_MAX_REQUEST_BYTES. */
  maxRequestBytes?: number;
  /** Told when a failed send retires the producer (kafkajs logs the failure itself). */
  logger?: Logger;
  /**
   * Idempotent producers sending side by side (default 1). Each message goes through the one
   * its key hashes to, so one key's records keep their order; while one waits for the broker,
   * another encodes its request.
   */
  parallel?: number;
  /**
   * Sends that queued behind the request in flight go together as the next request (default
   * false): fewer, larger requests under load, but each of them shares that request's fate.
   */
  coalesce?: boolean;
}

/** A message as handed to kafkajs, with the two fields its record encoder adds declared. */
export type RecordInput = Message & { offsetDelta: number; timestampDelta: number };

/**
 * kafkajs builds each record from `{ ...message, offsetDelta, timestampDelta }`, and V8 (Node 20)
 * takes a slow path for properties added after a spread: ~2 µs a record, a third of kafkajs's
 * encoding. With both already on the message the copy is a plain clone; kafkajs overwrites them.
 */
export function recordInput(message: OutgoingMessage): RecordInput {
  return {
    key: message.key,
    value: message.value,
    headers: message.headers,
    timestamp: message.timestamp,
    offsetDelta: 0,
    timestampDelta: 0,
  };
}

interface Lease {
  producer: Producer;
  inFlight: number;
  retired: boolean;
}

/** Which of `lanes` producers a key goes through (FNV-1a of its UTF-16 code units). */
export function laneOf(key: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}

/** One lane's send: one idempotent producer, one request in flight. */
export type LaneSend = (topic: string, messages: OutgoingMessage[]) => Promise<RecordMetadata[]>;

/**
 * A producer over lanes, in this thread or in worker threads: each message goes through the lane
 * its key hashes to (so one key keeps its order), and a send resolves when every lane it used
 * was acknowledged (it rejects if any was refused).
 */
export function producerOverLanes(
  lanes: readonly LaneSend[],
  disconnect: () => Promise<void>,
): JsonProducer {
  const only = lanes.length === 1 ? lanes[0] : undefined;
  async function send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]> {
    if (only) return only(topic, messages);
    const parts: OutgoingMessage[][] = lanes.map(() => []);
    for (const message of messages) parts[laneOf(message.key, lanes.length)]?.push(message);
    const outcomes = await Promise.allSettled(
      parts.map((part, i) =>
        part.length === 0 ? Promise.resolve([]) : (lanes[i] as LaneSend)(topic, part),
      ),
    );
    const acknowledged: RecordMetadata[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason;
      acknowledged.push(...outcome.value);
    }
    return acknowledged;
  }
  return {
    send,
    sendJson: (topic, messages) =>
      send(
        topic,
        messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value), headers: m.headers })),
      ),
    disconnect,
  };
}

/**
 * Idempotent producer (acks=all, one request in flight) so a retried send never duplicates or
 * reorders a partition. The default partitioner hashes the key: one customer, one partition.
 * Sends go out one after another per producer (see createSendQueue), and with `parallel` a key
 * always takes the same producer.
 *
 * After a failed request kafkajs rolls back the sequence numbers of every partition in it, also
 * of those the broker had appended; each later send to those partitions is then refused as
 * OUT_OF_ORDER_SEQUENCE_NUMBER, for good. So a failed send retires its producer: a new one gets
 * a new producer id whose sequences start afresh (the old one closes when its sends settle).
 */
export async function createProducer(
  kafka: Kafka,
  options: ProducerOptions = {},
): Promise<LocalJsonProducer> {
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const opened = await Promise.allSettled(
    Array.from({ length: Math.max(1, options.parallel ?? 1) }, () => openLane()),
  );
  const lanes = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const refused = opened.find((o) => o.status === 'rejected');
  if (refused) {
    await Promise.all(lanes.map((lane) => lane.disconnect().catch(() => undefined)));
    throw refused.reason;
  }
  const first = lanes[0] as Lane;

  return {
    ...producerOverLanes(
      lanes.map((lane) => (topic, messages) => lane.queue.send(topic, messages)),
      async () => {
        await Promise.all(lanes.map((lane) => lane.disconnect()));
      },
    ),
    get raw() {
      return first.current().producer;
    },
  };

  /** One idempotent producer, replaced after a failed send, with its queue of sends. */
  async function openLane(): Promise<Lane> {
    let current = await openLease(kafka);
    let renewing: Promise<void> | undefined;

    const close = (lease: Lease) => void lease.producer.disconnect().catch(() => undefined);

    /** Replaces `failed` unless another send already did; keeps it if no new one can connect. */
    async function renew(failed: Lease): Promise<void> {
      if (current !== failed) return;
      renewing ??= openLease(kafka)
        .then((next) => {
          options.logger?.warn('kafka producer replaced after a failed send (new producer id)');
          failed.retired = true;
          current = next;
          if (failed.inFlight === 0) close(failed);
        })
        .finally(() => (renewing = undefined));
      await renewing;
    }

    async function sendChunk(
      topic: string,
      messages: OutgoingMessage[],
    ): Promise<RecordMetadata[]> {
      const lease = current;
      lease.inFlight += 1;
      try {
        return await lease.producer.send({
          topic,
          acks: -1,
          compression: CompressionTypes.None,
          messages: messages.map(recordInput),
        });
      } catch (error) {
        await renew(lease).catch(() => undefined);
        throw error;
      } finally {
        lease.inFlight -= 1;
        if (lease.retired && lease.inFlight === 0) close(lease);
      }
    }

    async function write(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]> {
      const acknowledged: RecordMetadata[] = [];
      for (const chunk of requestChunks(messages, maxRequestBytes))
        acknowledged.push(...(await sendChunk(topic, chunk)));
      return acknowledged;
    }

    return {
      queue: createSendQueue(write, { coalesce: options.coalesce ?? false }),
      current: () => current,
      disconnect: async () => {
        await renewing?.catch(() => undefined);
        await current.producer.disconnect();
      },
    };
  }
}

interface Lane {
  queue: SendQueue<OutgoingMessage, RecordMetadata>;
  current(): Lease;
  disconnect(): Promise<void>;
}

async function openLease(kafka: Kafka): Promise<Lease> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  try {
    await producer.connect();
  } catch (error) {
    // A replacement that cannot connect (the broker is down) must not leave sockets behind.
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
  return { producer, inFlight: 0, retired: false };
}
