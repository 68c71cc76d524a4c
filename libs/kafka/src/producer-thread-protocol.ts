import type { RecordMetadata } from 'kafkajs';
import type { KafkaSettings } from './client';
import type { OutgoingMessage } from './producer';

/** What a producer thread is started with (workerData). */
export interface ThreadStart {
  settings: Omit<KafkaSettings, 'logger'>;
  service: string;
  level: string;
  lane: number;
  coalesce: boolean;
  maxRequestBytes: number | undefined;
}

/** An error as it crosses threads: kafkajs's fields that callers and logs read. */
export interface WireError {
  name: string;
  message: string;
  retriable?: boolean;
  type?: string;
  code?: string | number;
}

export type ThreadRequest =
  { kind: 'send'; id: number; topic: string; messages: OutgoingMessage[] } | { kind: 'close' };

export type ThreadReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: WireError }
  | { kind: 'sent'; id: number; metadata: RecordMetadata[] }
  | { kind: 'refused'; id: number; error: WireError }
  | { kind: 'closed' };
