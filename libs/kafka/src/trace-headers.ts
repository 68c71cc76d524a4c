import { createHash } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import {
  SpanKind,
  TRACEPARENT,
  parseTraceparent,
  startWorkSpan,
  type WorkSpan,
} from '@tributary/logging';

/** Where a record was read: what its span is named after. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
  headers: IHeaders;
}

/**
 * The span of one consumed record: it continues the trace of the record's `traceparent` header,
 * or starts one (a CDC record from Debezium carries none) whose id is derived from the record's
 * position, so a batch retried or redelivered after a crash goes on in the same trace. The
 * record's position is on the span.
 */
export function recordSpan(record: RecordPosition, name = `${record.topic} process`): WorkSpan {
  const parent = parseTraceparent(record.headers[TRACEPARENT]);
  return startWorkSpan(
    name,
    parent,
    {
      'messaging.system': 'kafka',
      'messaging.destination.name': record.topic,
      'messaging.destination.partition.id': String(record.partition),
      'messaging.kafka.offset': Number(record.offset),
    },
    SpanKind.CONSUMER,
    parent === undefined ? positionTraceId(record) : undefined,
  );
}

/** 128 bits of a hash of topic, partition and offset: stable, and as spread as a random id. */
function positionTraceId(record: RecordPosition): string {
  return createHash('sha256')
    .update(`${record.topic}\u0000${record.partition}\u0000${record.offset}`)
    .digest('hex')
    .slice(0, 32);
}

/** Headers that carry `traceparent` (a stored one, or a span's) to the next consumer. */
export function traceHeaders(
  traceparent: string | null | undefined,
  headers?: IHeaders,
): IHeaders | undefined {
  if (!traceparent) return headers;
  return { ...headers, [TRACEPARENT]: traceparent };
}

/** The trace id a record's header names, for log lines about a record (dead letters). */
export function traceIdOf(headers: IHeaders | undefined): string | undefined {
  const value = headers?.[TRACEPARENT];
  const text = Buffer.isBuffer(value) ? value.toString('latin1') : value;
  return typeof text === 'string' && /^[0-9a-f]{2}-[0-9a-f]{32}-/.test(text)
    ? text.slice(3, 35)
    : undefined;
}
