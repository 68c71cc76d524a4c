export type { Kafka, IHeaders, KafkaMessage } from 'kafkajs';
export * from './client';
export * from './topics';
export * from './producer';
export * from './errors';
export * from './backoff';
export * from './consumer-runner';
export * from './json-codec';
export * from './schema-registry';
