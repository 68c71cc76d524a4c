// Failed events kept, not just answered: every item the intake rejects and every record a consumer
// dead-letters is also written, as one self-describing JSON record, to the bad-events topic, in
// the manner of Snowplow's failed events (schema, processor, failure, payload). One place to see
// what failed, why, and where; and enough to replay it once the cause is fixed.
import type { IHeaders } from 'kafkajs';
import type { JsonProducer } from './producer';

export const BAD_EVENT_SCHEMA = 'tributary:bad_event/1-0-0';
export const DEFAULT_BAD_EVENTS_TOPIC = 'events.bad';

/** How to send the payload again once the cause is fixed. */
export type BadEventReplay =
  /** Through the gateway, so the item is validated (and mapped) again by the current rules. */
  | { via: 'http'; route: string; body: unknown }
  /** Back to the topic the consumer read it from, with the original key and bytes. */
  | { via: 'kafka'; topic: string };

/** A record as a consumer read it; the value is text when it is UTF-8, else base64. */
export interface KafkaPayload {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  value_encoding: 'utf8' | 'base64';
  headers: Record<string, string>;
}

export interface BadEvent {
  schema: typeof BAD_EVENT_SCHEMA;
  /** Where it failed: `ingest-gateway /v1/track`, `events.raw.dlq from journey-stitcher`, ... */
  source: string;
  /** The program that refused it. */
  processor: string;
  reason: { code: string; message: string };
  /** Field-level findings, when there are any (`{path, message}` as in the intake's results). */
  errors: { path: string; message: string }[];
  /** The event's id when the item had one: the key, and what an operator searches for. */
  event_id?: string;
  failed_at: string;
  /** What was received: the item's JSON for the intake, the Kafka record for a consumer. */
  payload: unknown;
  replay: BadEventReplay;
}

export const BAD_EVENT_HEADERS = { source: 'x-bad-source', code: 'x-bad-code' } as const;

/** Text of a Kafka value when it is valid UTF-8 without NUL, else base64 (wire format, binary). */
export function encodeValue(value: Buffer | null): Pick<KafkaPayload, 'value' | 'value_encoding'> {
  if (value === null) return { value: null, value_encoding: 'utf8' };
  const text = value.toString('utf8');
  return Buffer.from(text, 'utf8').equals(value) && !text.includes('\u0000')
    ? { value: text, value_encoding: 'utf8' }
    : { value: value.toString('base64'), value_encoding: 'base64' };
}

export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map((v) => v.toString()).join(',') : value.toString();
  }
  return out;
}

export interface BadEventPublisher {
  readonly topic: string;
  /** Resolves once the broker acknowledged every record (acks=all). */
  publish(events: readonly BadEvent[]): Promise<void>;
}

/**
 * Keyed by event id where there is one (one item's failures stay together and in order), else by
 * source; the record's headers repeat source and code so a reader can filter without parsing.
 */
export function createBadEventPublisher(producer: JsonProducer, topic: string): BadEventPublisher {
  return {
    topic,
    async publish(events) {
      if (events.length === 0) return;
      await producer.send(
        topic,
        events.map((event) => ({
          key: event.event_id ?? event.source,
          value: JSON.stringify(event),
          headers: {
            'content-type': 'application/json',
            [BAD_EVENT_HEADERS.source]: event.source,
            [BAD_EVENT_HEADERS.code]: event.reason.code,
          },
        })),
      );
    },
  };
}
