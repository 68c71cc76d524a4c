import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Kafka, RecordMetadata } from 'kafkajs';
import type { Logger } from '@tributary/logging';
import { kafkaSettingsOf } from './client';
import {
  producerOverLanes,
  type JsonProducer,
  type OutgoingMessage,
  type ProducerOptions,
} from './producer';
import type {
  ThreadReply,
  ThreadRequest,
  ThreadStart,
  WireError,
} from './producer-thread-protocol';

export interface ThreadedProducerOptions extends Omit<ProducerOptions, 'parallel'> {
  /** Producer threads, each one idempotent producer (default 1); a key always takes the same one. */
  threads?: number;
  /** Its `service` binding and level name the threads' log lines; required for them. */
  logger: Logger;
  /** The script each thread runs (default: the compiled producer-thread.js); tests swap it. */
  threadEntry?: string;
}

/** A send that crossed to a thread and waits for its answer. */
interface Waiting {
  resolve: (metadata: RecordMetadata[]) => void;
  reject: (error: Error) => void;
}

/** How long a closing thread may take to disconnect from the brokers before it is stopped. */
const CLOSE_GRACE_MS = 30_000;

/** The compiled entry: under ts sources (jest, tsx) the built one beside them in dist/. */
function defaultThreadEntry(): string {
  const here = join(__dirname, 'producer-thread.js');
  return existsSync(here) ? here : join(__dirname, '..', 'dist', 'producer-thread.js');
}

function revived(error: WireError): Error {
  return Object.assign(new Error(error.message), error);
}

/**
 * createProducer's idempotent producers, each in its own worker thread. kafkajs encodes every
 * record in JavaScript (about 10 µs an event, half of what the gateway's event loop did per
 * batched event: docs/benchmarks.md); in a thread that work runs on another core while the event
 * loop parses and validates the next requests. The guarantees are createProducer's: a send
 * resolves only after acks=all, one request at a time per producer, and a key always goes
 * through the same thread, so one customer's records keep their order.
 *
 * A thread that stops (it should not) fails the sends it held, is logged, and is started again
 * for the next send: those callers saw an error, nothing was acknowledged that was not written.
 */
export async function createThreadedProducer(
  kafka: Kafka,
  options: ThreadedProducerOptions,
): Promise<JsonProducer> {
  const settings = kafkaSettingsOf(kafka);
  if (!settings) throw new Error('createThreadedProducer needs a client made by createKafka');
  const { logger: _logger, ...wireable } = settings;
  const bindings = options.logger.bindings() as { service?: unknown };
  const lanes = Array.from({ length: Math.max(1, options.threads ?? 1) }, (_, lane) =>
    threadLane(
      options.threadEntry ?? defaultThreadEntry(),
      {
        settings: wireable,
        service: typeof bindings.service === 'string' ? bindings.service : settings.clientId,
        level: options.logger.level,
        lane,
        coalesce: options.coalesce ?? false,
        maxRequestBytes: options.maxRequestBytes,
      },
      options.logger,
    ),
  );
  const opened = await Promise.allSettled(lanes.map((lane) => lane.open()));
  const refused = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (refused) {
    await Promise.all(lanes.map((lane) => lane.close()));
    throw refused.reason;
  }

  return producerOverLanes(
    lanes.map((lane) => (topic, messages) => lane.send(topic, messages)),
    async () => {
      await Promise.all(lanes.map((lane) => lane.close()));
    },
  );
}

interface ThreadLane {
  open(): Promise<void>;
  send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]>;
  close(): Promise<void>;
}

function threadLane(entry: string, start: ThreadStart, logger: Logger): ThreadLane {
  let worker: Worker | undefined;
  let opening: Promise<Worker> | undefined;
  let closing = false;
  let nextId = 0;
  const waiting = new Map<number, Waiting>();

  function failAll(error: Error): void {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  }

  function answered(thread: Worker, id: number): void {
    waiting.delete(id);
    if (waiting.size === 0) thread.unref();
  }

  function spawn(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      const thread = new Worker(entry, { workerData: start });
      let ready = false;
      thread.on('message', (reply: ThreadReply) => {
        switch (reply.kind) {
          case 'ready':
            ready = true;
            // Idle, the thread does not hold the process open (a caller that forgot to
            // disconnect can still exit); a send waiting for its answer does (see `send`).
            thread.unref();
            resolve(thread);
            return;
          case 'failed':
            reject(revived(reply.error));
            void thread.terminate();
            return;
          case 'sent':
            waiting.get(reply.id)?.resolve(reply.metadata);
            answered(thread, reply.id);
            return;
          case 'refused':
            waiting.get(reply.id)?.reject(revived(reply.error));
            answered(thread, reply.id);
            return;
          case 'closed':
            return;
        }
      });
      thread.on('error', (error) => {
        logger.error({ err: error, lane: start.lane }, 'kafka producer thread failed');
        if (!ready) reject(error);
      });
      thread.on('exit', (code) => {
        if (worker === thread) worker = undefined;
        if (!ready) reject(new Error(`kafka producer thread exited (${code}) before it was ready`));
        if (waiting.size > 0) {
          if (!closing) logger.error({ lane: start.lane, code }, 'kafka producer thread stopped');
          failAll(
            new Error(`kafka producer thread stopped (exit ${code}) before the broker answered`),
          );
        }
      });
    });
  }

  function open(): Promise<void> {
    opening ??= spawn()
      .then((thread) => (worker = thread))
      .finally(() => (opening = undefined));
    return opening.then(() => undefined);
  }

  return {
    open,
    async send(topic, messages) {
      if (closing) throw new Error('producer closed');
      if (!worker) await open();
      const thread = worker as Worker;
      return new Promise<RecordMetadata[]>((resolve, reject) => {
        const id = (nextId += 1);
        if (waiting.size === 0) thread.ref();
        waiting.set(id, { resolve, reject });
        const request: ThreadRequest = { kind: 'send', id, topic, messages };
        thread.postMessage(request);
      });
    },
    async close() {
      closing = true;
      await opening?.catch(() => undefined);
      const thread = worker;
      if (!thread) return;
      // The thread disconnects its producer (waiting for sends in flight), answers `closed` and
      // ends; one that does not end by itself is stopped then, or after CLOSE_GRACE_MS.
      await new Promise<void>((resolve) => {
        const stop = () => {
          clearTimeout(grace);
          void thread.terminate().then(() => resolve());
        };
        const grace = setTimeout(stop, CLOSE_GRACE_MS);
        thread.once('exit', () => {
          clearTimeout(grace);
          resolve();
        });
        thread.on('message', (reply: ThreadReply) => {
          if (reply.kind === 'closed') stop();
        });
        const request: ThreadRequest = { kind: 'close' };
        thread.postMessage(request);
      });
    },
  };
}
