/**
 * Entry of a producer thread (see threaded-producer.ts): one idempotent producer of
 * createProducer, fed sends by the thread that started it and answering each with its metadata
 * or its error. Only this file runs in the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IHeaders, RecordMetadata } from 'kafkajs';
import { createLogger } from '@tributary/logging';
import { createKafka } from './client';
import { createProducer, type JsonProducer, type OutgoingMessage } from './producer';
import type {
  ThreadRequest,
  ThreadReply,
  ThreadStart,
  WireError,
} from './producer-thread-protocol';

/** Structured cloning turns a Buffer into a plain Uint8Array; kafkajs writes only Buffers as bytes. */
const bytes = <T>(value: T): T | Buffer =>
  value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;

/** In place: the message is this thread's own copy, and the hot path allocates nothing more. */
function revive(message: OutgoingMessage): OutgoingMessage {
  message.value = bytes(message.value);
  const headers: IHeaders | undefined = message.headers;
  if (headers === undefined) return message;
  for (const name in headers) {
    const header = headers[name];
    headers[name] = Array.isArray(header) ? header.map(bytes) : bytes(header);
  }
  return message;
}

function wire(error: unknown): WireError {
  const e = error as Partial<Error> & { retriable?: unknown; type?: unknown; code?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    retriable: typeof e.retriable === 'boolean' ? e.retriable : undefined,
    type: typeof e.type === 'string' ? e.type : undefined,
    code: typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined,
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('producer-thread.js runs only as a worker thread');
  const start = workerData as ThreadStart;
  const logger = createLogger({ service: start.service, level: start.level }).child({
    component: 'kafka-producer-thread',
    lane: start.lane,
  });
  const post = (reply: ThreadReply) => port.postMessage(reply);
  let ready: JsonProducer;
  try {
    ready = await createProducer(createKafka({ ...start.settings, logger }), {
      logger,
      coalesce: start.coalesce,
      maxRequestBytes: start.maxRequestBytes,
    });
  } catch (error) {
    post({ kind: 'failed', error: wire(error) });
    return;
  }
  port.on('message', (request: ThreadRequest) => {
    if (request.kind === 'close') {
      void ready
        .disconnect()
        .catch((error: unknown) => logger.warn({ err: error }, 'kafka producer disconnect failed'))
        .finally(() => {
          post({ kind: 'closed' });
          port.close();
        });
      return;
    }
    ready.send(request.topic, request.messages.map(revive)).then(
      (metadata: RecordMetadata[]) => post({ kind: 'sent', id: request.id, metadata }),
      (error: unknown) => post({ kind: 'refused', id: request.id, error: wire(error) }),
    );
  });
  post({ kind: 'ready' });
}

void main();
