import type { JsonProducer } from '@tributary/kafka';
import { type CustomerEvent } from '@tributary/schemas';
export interface EventPublisher {
    /** Resolves once Kafka acknowledged every event (acks=all); rejects if any send failed. */
    publish(events: readonly CustomerEvent[]): Promise<void>;
    /** Sends what is pending and stops taking events. */
    close(): Promise<void>;
}
export type EventEncoder = (event: CustomerEvent) => Promise<Buffer | string> | Buffer | string;
/**
 * Groups the events of concurrent requests into one producer call per linger window, so
 * single-event requests do not pay a Kafka round trip each. Every caller still waits for the
 * acknowledgement of its own events; a failed send fails every request in that group (clients
 * retry; consumers are idempotent on event_id, so a partially written group is harmless).
 */
export declare function createEventPublisher(producer: JsonProducer, topic: string, encode: EventEncoder, lingerMs: number, maxGroupEvents?: number): EventPublisher;
//# sourceMappingURL=event-publisher.d.ts.map