import type { JsonProducer } from '@tributary/kafka';
import { customerKey, type CustomerEvent } from '@tributary/schemas';

export interface EventPublisher {
  /** Resolves once Kafka acknowledged every event (acks=all); rejects if any send failed. */
  publish(events: readonly CustomerEvent[]): Promise<void>;
  /** Sends what is pending and stops taking events. */
  close(): Promise<void>;
}

export type EventEncoder = (event: CustomerEvent) => Promise<Buffer | string> | Buffer | string;

interface Pending {
  events: readonly CustomerEvent[];
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
      const messages = await Promise.all(
        group.flatMap((p) =>
          p.events.map(async (event) => ({
            key: customerKey(event),
            value: await encode(event),
            headers: { 'event-type': event.type, 'event-id': event.event_id },
          })),
        ),
      );
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
    publish(events) {
      if (closed) return Promise.reject(new Error('publisher closed'));
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ events, resolve, reject });
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
