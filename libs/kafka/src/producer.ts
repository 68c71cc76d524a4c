import type { IHeaders, Kafka, Producer, RecordMetadata } from 'kafkajs';
import { CompressionTypes, Partitioners } from 'kafkajs';

export interface OutgoingMessage {
  key: string;
  value: Buffer | string;
  headers?: IHeaders;
  timestamp?: string;
}

export interface JsonProducer {
  /** Resolves only when every message is acknowledged by all in-sync replicas. */
  send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]>;
  sendJson(
    topic: string,
    messages: { key: string; value: unknown; headers?: IHeaders }[],
  ): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
  readonly raw: Producer;
}

/**
 * Idempotent producer (acks=all, one request in flight) so a retried send never duplicates or
 * reorders a partition. The default partitioner hashes the key: one customer, one partition.
 */
export async function createProducer(kafka: Kafka): Promise<JsonProducer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  await producer.connect();
  const send = (topic: string, messages: OutgoingMessage[]) =>
    producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages });
  return {
    raw: producer,
    send,
    sendJson: (topic, messages) =>
      send(
        topic,
        messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value), headers: m.headers })),
      ),
    disconnect: () => producer.disconnect(),
  };
}
