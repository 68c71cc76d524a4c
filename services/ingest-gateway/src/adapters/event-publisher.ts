import type { JsonProducer, OutgoingMessage } from '@tributary/kafka';
import { customerKey, type CustomerEvent } from '@tributary/schemas';

export interface EventPublisher {
  /**
   * Resolves once Kafka acknowledged every event (acks=all); rejects if any send failed. A
   * caller's `traceparent` goes on each of its events as a Kafka header.
   */
  publish(events: readonly CustomerEvent[], traceparent?: string): Promise<void>;
  /** Sends what is pending and stops taking events. */
  close(): Promise<void>;
}

export type EventEncoder = (event: CustomerEvent) => Promise<Buffer | string> | Buffer | string;

interface Pending {
  events: readonly CustomerEvent[];
  traceparent: string | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Groups the events of concurrent requests into one producer call per linger window, so
 * single-event requests do not pay a Kafka round trip each. Every caller still waits for the
 * acknowledgement of its own events; a failed send fails every request in that group (clients
 * retry; consumers are idempotent on event_id, so a partially written group is harmless).
 */
export function createEventPublisher(
  producer: JsonProducer,
  topic: string,
  encode: EventEncoder,
  lingerMs: number,
  maxGroupEvents = 5_000,
): EventPublisher {
  let queue: Pending[] = [];
  let queued = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const inflight = new Set<Promise<void>>();

  async function send(group: Pending[]): Promise<void> {
    try {
      const messages: OutgoingMessage[] = [];
      // Only the registry's encoder is asynchronous (a schema id on first use): JSON takes no
      // promise per event.
      let encodings: Promise<void>[] | undefined;
      for (const pending of group) {
        const { traceparent } = pending;
        for (const event of pending.events) {
          const headers: OutgoingMessage['headers'] = {
            'event-type': event.type,
            'event-id': event.event_id,
          };
          if (traceparent !== undefined) headers.traceparent = traceparent;
          const message: OutgoingMessage = { key: customerKey(event), value: '', headers };
          const value = encode(event);
          if (typeof value === 'string' || Buffer.isBuffer(value)) message.value = value;
          else (encodings ??= []).push(value.then((v) => void (message.value = v)));
          messages.push(message);
        }
      }
      if (encodings) await Promise.all(encodings);
      await producer.send(topic, messages);
      group.forEach((p) => p.resolve());
    } catch (err) {
      group.forEach((p) => p.reject(err));
    }
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const group = queue;
    queue = [];
    queued = 0;
    const done = send(group).finally(() => inflight.delete(done));
    inflight.add(done);
  }

  return {
    publish(events, traceparent) {
      if (closed) return Promise.reject(new Error('publisher closed'));
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ events, traceparent, resolve, reject });
        queued += events.length;
        if (queued >= maxGroupEvents || lingerMs === 0) flush();
        else timer ??= setTimeout(flush, lingerMs);
      });
    },
    async close() {
      closed = true;
      flush();
      await Promise.allSettled([...inflight]);
    },
  };
}
