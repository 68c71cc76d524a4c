import type { IHeaders, Kafka, Producer, RecordMetadata } from 'kafkajs';
import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Logger } from '@tributary/logging';
import { DEFAULT_MAX_REQUEST_BYTES, requestChunks } from './request-chunks';

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
   */
  send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]>;
  sendJson(
    topic: string,
    messages: { key: string; value: unknown; headers?: IHeaders }[],
  ): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
  /** The kafkajs producer in use now (it is replaced after a failed send). */
  readonly raw: Producer;
}

export interface ProducerOptions {
  /** Keys, values and headers per produce request; see DEFAULT_MAX_REQUEST_BYTES. */
  maxRequestBytes?: number;
  /** Told when a failed send retires the producer (kafkajs logs the failure itself). */
  logger?: Logger;
}

interface Lease {
  producer: Producer;
  inFlight: number;
  retired: boolean;
}

/**
 * Idempotent producer (acks=all, one request in flight) so a retried send never duplicates or
 * reorders a partition. The default partitioner hashes the key: one customer, one partition.
 *
 * After a failed request kafkajs rolls back the sequence numbers of every partition in it, also
 * of those the broker had appended; each later send to those partitions is then refused as
 * OUT_OF_ORDER_SEQUENCE_NUMBER, for good. So a failed send retires its producer: a new one gets
 * a new producer id whose sequences start afresh (the old one closes when its sends settle).
 */
export async function createProducer(
  kafka: Kafka,
  options: ProducerOptions = {},
): Promise<JsonProducer> {
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const open = async (): Promise<Lease> => {
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
  };
  let current = await open();
  let renewing: Promise<void> | undefined;

  const close = (lease: Lease) => void lease.producer.disconnect().catch(() => undefined);

  /** Replaces `failed` unless another send already did; keeps it if no new one can connect. */
  async function renew(failed: Lease): Promise<void> {
    if (current !== failed) return;
    renewing ??= open()
      .then((next) => {
        options.logger?.warn('kafka producer replaced after a failed send (new producer id)');
        failed.retired = true;
        current = next;
        if (failed.inFlight === 0) close(failed);
      })
      .finally(() => (renewing = undefined));
    await renewing;
  }

  async function sendChunk(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]> {
    const lease = current;
    lease.inFlight += 1;
    try {
      return await lease.producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages,
      });
    } catch (error) {
      await renew(lease).catch(() => undefined);
      throw error;
    } finally {
      lease.inFlight -= 1;
      if (lease.retired && lease.inFlight === 0) close(lease);
    }
  }

  async function send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]> {
    const acknowledged: RecordMetadata[] = [];
    for (const chunk of requestChunks(messages, maxRequestBytes))
      acknowledged.push(...(await sendChunk(topic, chunk)));
    return acknowledged;
  }

  return {
    get raw() {
      return current.producer;
    },
    send,
    sendJson: (topic, messages) =>
      send(
        topic,
        messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value), headers: m.headers })),
      ),
    disconnect: async () => {
      await renewing?.catch(() => undefined);
      await current.producer.disconnect();
    },
  };
}
